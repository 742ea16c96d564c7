import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import {
  aggregationRoleNames,
  daemonSetStatus,
  deploymentStatus,
  jobStatus,
  nodeStatus,
  statefulSetStatus,
  withoutKubeconfig,
  withoutPassword,
} from './behaviours.js'

describe('nodeStatus', () => {
  const cases: { name: string; node: any; want: string }[] = [
    {
      name: 'cordoned',
      node: { spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'False' }] } },
      want: 'unschedulable',
    },
    {
      name: 'ready',
      node: {
        status: {
          conditions: [
            { type: 'Ready', status: 'True' },
            { type: 'MemoryPressure', status: 'False' },
          ],
        },
      },
      want: 'running',
    },
    {
      name: 'not ready',
      node: { status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } },
      want: 'warning',
    },
    {
      name: 'disk pressure',
      node: { status: { conditions: [{ type: 'DiskPressure', status: 'True' }] } },
      want: 'warning',
    },
    {
      name: 'unknown condition types ignored',
      node: { status: { conditions: [{ type: 'Custom', status: 'True' }] } },
      want: 'running',
    },
    { name: 'no conditions', node: {}, want: 'running' },
  ]
  for (const c of cases) test(c.name, () => assert.equal(nodeStatus(c.node), c.want))
})

describe('workload status', () => {
  const cases: { name: string; got: string; want: string }[] = [
    { name: 'deployment stopped', got: deploymentStatus({ status: {} }), want: 'stopped' },
    {
      name: 'deployment running',
      got: deploymentStatus({ status: { replicas: 2, readyReplicas: 2 } }),
      want: 'running',
    },
    {
      name: 'deployment updating',
      got: deploymentStatus({ status: { replicas: 2, readyReplicas: 1 } }),
      want: 'updating',
    },
    {
      name: 'statefulset without spec.replicas',
      got: statefulSetStatus({ status: { readyReplicas: 1 } }),
      want: 'stopped',
    },
    {
      name: 'statefulset running',
      got: statefulSetStatus({ spec: { replicas: 3 }, status: { readyReplicas: 3 } }),
      want: 'running',
    },
    {
      name: 'statefulset updating',
      got: statefulSetStatus({ spec: { replicas: 3 }, status: { readyReplicas: 0 } }),
      want: 'updating',
    },
    {
      name: 'daemonset running',
      got: daemonSetStatus({ status: { desiredNumberScheduled: 2, numberReady: 2 } }),
      want: 'running',
    },
    { name: 'daemonset stopped', got: daemonSetStatus({ status: {} }), want: 'stopped' },
    {
      name: 'job completed',
      got: jobStatus({ status: { conditions: [{ type: 'Complete', status: 'True' }] } }),
      want: 'completed',
    },
    {
      name: 'job failed',
      got: jobStatus({ status: { conditions: [{ type: 'Failed', status: 'True' }] } }),
      want: 'failed',
    },
    {
      name: 'job running',
      got: jobStatus({ status: { conditions: [{ type: 'Complete', status: 'False' }] } }),
      want: 'running',
    },
  ]
  for (const c of cases) test(c.name, () => assert.equal(c.got, c.want))
})

describe('transforms', () => {
  test('withoutPassword removes spec.password and keeps the input intact', () => {
    const user = { spec: { email: 'a@b.c', password: 'hash' } }
    assert.deepEqual(withoutPassword(user), { spec: { email: 'a@b.c' } })
    assert.equal(user.spec.password, 'hash')
  })
  test('withoutKubeconfig removes spec.connection.kubeconfig only', () => {
    const cluster = { spec: { provider: 'p', connection: { type: 'direct', kubeconfig: 'c2VjcmV0' } } }
    assert.deepEqual(withoutKubeconfig(cluster), { spec: { provider: 'p', connection: { type: 'direct' } } })
    assert.equal(cluster.spec.connection.kubeconfig, 'c2VjcmV0')
  })
  test('aggregationRoleNames', () => {
    assert.deepEqual(
      aggregationRoleNames({
        metadata: { annotations: { 'iam.kubesphere.io/aggregation-roles': '["a","b"]' } },
      }),
      ['a', 'b'],
    )
    assert.deepEqual(
      aggregationRoleNames({
        metadata: { annotations: { 'iam.kubesphere.io/aggregation-roles': 'not json' } },
      }),
      [],
    )
    assert.deepEqual(aggregationRoleNames({}), [])
  })
})
