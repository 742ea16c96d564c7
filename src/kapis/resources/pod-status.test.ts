import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { podReason, podStatusBucket } from './pod-status.js'

const running = { state: { running: {} }, ready: true }
const cases: { name: string; pod: any; reason: string; bucket: string }[] = [
  {
    name: 'running',
    pod: { status: { phase: 'Running', containerStatuses: [running] } },
    reason: 'Running',
    bucket: 'Running',
  },
  { name: 'pending', pod: { status: { phase: 'Pending' } }, reason: 'Pending', bucket: 'Waiting' },
  {
    name: 'image pull back-off',
    pod: {
      status: {
        phase: 'Pending',
        containerStatuses: [{ state: { waiting: { reason: 'ImagePullBackOff' } } }],
      },
    },
    reason: 'ImagePullBackOff',
    bucket: 'Waiting',
  },
  {
    name: 'the first container wins',
    pod: {
      status: {
        phase: 'Running',
        containerStatuses: [
          { state: { waiting: { reason: 'CrashLoopBackOff' } } },
          { state: { terminated: { reason: 'Error', exitCode: 1 } } },
        ],
      },
    },
    reason: 'CrashLoopBackOff',
    bucket: 'Waiting',
  },
  {
    name: 'terminated with error',
    pod: {
      status: {
        phase: 'Failed',
        containerStatuses: [{ state: { terminated: { reason: 'Error', exitCode: 2 } } }],
      },
    },
    reason: 'Error',
    bucket: 'Error',
  },
  {
    name: 'terminated by a signal without reason',
    pod: {
      status: {
        phase: 'Running',
        containerStatuses: [{ state: { terminated: { signal: 9, exitCode: 137 } } }],
      },
    },
    reason: 'Signal:9',
    bucket: 'Waiting',
  },
  {
    name: 'completed',
    pod: {
      status: {
        phase: 'Succeeded',
        containerStatuses: [{ state: { terminated: { reason: 'Completed', exitCode: 0 } } }],
      },
    },
    reason: 'Completed',
    bucket: 'Completed',
  },
  {
    name: 'succeeded without container statuses, Ready condition PodCompleted',
    pod: {
      status: {
        phase: 'Succeeded',
        conditions: [{ type: 'Ready', status: 'False', reason: 'PodCompleted' }],
      },
    },
    reason: 'Succeeded',
    bucket: 'Completed',
  },
  {
    name: 'succeeded, Ready condition with another reason',
    pod: {
      status: { phase: 'Succeeded', conditions: [{ type: 'Ready', status: 'False', reason: 'Other' }] },
    },
    reason: 'Succeeded',
    bucket: 'Waiting',
  },
  {
    name: 'completed sidecar with a ready running container and Ready condition',
    pod: {
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [running, { state: { terminated: { reason: 'Completed', exitCode: 0 } } }],
      },
    },
    reason: 'Running',
    bucket: 'Running',
  },
  {
    name: 'init container waiting',
    pod: {
      spec: { initContainers: [{}, {}] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [
          { state: { terminated: { exitCode: 0 } } },
          { state: { waiting: { reason: 'PodInitializing' } } },
        ],
      },
    },
    reason: 'Init:1/2',
    bucket: 'Waiting',
  },
  {
    name: 'init container failed',
    pod: {
      spec: { initContainers: [{}] },
      status: { phase: 'Pending', initContainerStatuses: [{ state: { terminated: { exitCode: 3 } } }] },
    },
    reason: 'Init:ExitCode:3',
    bucket: 'Waiting',
  },
  {
    name: 'evicted: OutOf...',
    pod: { status: { phase: 'Failed', reason: 'OutOfcpu' } },
    reason: 'OutOfcpu',
    bucket: 'Error',
  },
  {
    name: 'terminating',
    pod: {
      metadata: { deletionTimestamp: '2026-01-01T00:00:00Z' },
      status: { phase: 'Running', containerStatuses: [running] },
    },
    reason: 'Terminating',
    bucket: 'Waiting',
  },
  {
    name: 'node lost',
    pod: {
      metadata: { deletionTimestamp: '2026-01-01T00:00:00Z' },
      status: { phase: 'Running', reason: 'NodeLost' },
    },
    reason: 'Unknown',
    bucket: 'Waiting',
  },
]

describe('pod status', () => {
  for (const c of cases) {
    test(c.name, () => {
      assert.equal(podReason(c.pod), c.reason)
      assert.equal(podStatusBucket(c.pod), c.bucket)
    })
  }
})
