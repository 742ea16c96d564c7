import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { newReplicaSet, revisionOf, sameTemplate } from './new-replica-set.js'
import { podFromTemplate, podsToDelete } from './replicaset-controller.js'

const template = {
  metadata: {
    creationTimestamp: null,
    labels: { app: 'web' },
    annotations: { 'kubesphere.io/serviceaccount-name': 'sample' },
  },
  spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
}

describe('pods from a ReplicaSet', () => {
  test('the pod carries the template labels, annotations and spec, and the controller reference', () => {
    const rs = { metadata: { name: 'web-abc', namespace: 'ns', uid: 'u1' }, spec: { template } }
    assert.deepEqual(podFromTemplate(rs), {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: 'web-abc-',
        namespace: 'ns',
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: 'web-abc',
            uid: 'u1',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
        labels: { app: 'web' },
        annotations: { 'kubesphere.io/serviceaccount-name': 'sample' },
      },
      spec: template.spec,
    })
  })

  test('surplus pods: not ready first, then newest', () => {
    const pod = (name: string, created: string, ready: boolean) => ({
      metadata: { name, creationTimestamp: created },
      status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
    })
    const pods = [
      pod('old-ready', '2026-01-01T00:00:00Z', true),
      pod('new-ready', '2026-01-02T00:00:00Z', true),
      pod('old-unready', '2026-01-01T00:00:00Z', false),
    ]
    assert.deepEqual(
      podsToDelete(pods, 2).map((p) => p.metadata.name),
      ['old-unready', 'new-ready'],
    )
    assert.deepEqual(podsToDelete(pods, 0), [])
  })
})

describe('new ReplicaSet of a Deployment', () => {
  const d = {
    metadata: {
      name: 'web',
      namespace: 'ns',
      uid: 'd1',
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': '{}',
        'deployment.kubernetes.io/revision': '1',
        note: 'kept',
      },
    },
    spec: { replicas: 3, minReadySeconds: 5, selector: { matchLabels: { app: 'web' } }, template },
  }

  test('name, hash label everywhere, copied annotations, revision, owner', () => {
    const rs = newReplicaSet(d, 'h4sh', 2, 1, 1)
    assert.equal(rs.metadata.name, 'web-h4sh')
    assert.deepEqual(rs.metadata.labels, { app: 'web', 'pod-template-hash': 'h4sh' })
    assert.deepEqual(rs.spec.selector, { matchLabels: { app: 'web', 'pod-template-hash': 'h4sh' } })
    assert.deepEqual(rs.spec.template.metadata.labels, { app: 'web', 'pod-template-hash': 'h4sh' })
    assert.deepEqual(rs.metadata.annotations, {
      note: 'kept',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
      'deployment.kubernetes.io/revision': '2',
    })
    assert.equal(revisionOf(rs), 2)
    assert.equal(rs.spec.replicas, 1)
    assert.equal(rs.spec.minReadySeconds, 5)
    assert.deepEqual(rs.metadata.ownerReferences, [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web',
        uid: 'd1',
        controller: true,
        blockOwnerDeletion: true,
      },
    ])
    assert.equal(
      d.spec.template.metadata.labels['pod-template-hash' as 'app'],
      undefined,
      'the deployment is not changed',
    )
    assert.ok(sameTemplate(rs.spec.template, d.spec.template))
  })

  test('a changed template is not the same', () => {
    const changed = {
      ...template,
      metadata: { ...template.metadata, annotations: { 'kubectl.kubernetes.io/restartedAt': 'now' } },
    }
    assert.ok(!sameTemplate(changed, template))
  })
})
