import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { invalidSecretMessage, tokenSecretFor } from './serviceaccount-controller.js'
import { needsToken } from './token-secret-controller.js'
import { injectedSecretName, owningWorkload, workloadsToRestart } from './stale-pods.js'

const TYPE = 'kubesphere.io/service-account-token'
const ANN = 'kubesphere.io/service-account.name'

describe('token secret', () => {
  test('exact shape: generateName, namespace, annotation, type, nothing else', () => {
    assert.deepEqual(tokenSecretFor({ metadata: { name: 'sample', namespace: 'default', uid: 'u' } }), {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { generateName: 'sample-', namespace: 'default', annotations: { [ANN]: 'sample' } },
      type: TYPE,
    })
  })

  const invalid: [string, any, string | undefined][] = [
    ['valid', { type: TYPE, metadata: { annotations: { [ANN]: 'sample' } } }, undefined],
    ['missing', undefined, 'Secret "s1" not found'],
    ['wrong type', { type: 'Opaque', metadata: {} }, 'unsupported secret s1 type: Opaque'],
    [
      'another subject',
      { type: TYPE, metadata: { annotations: { [ANN]: 'other' } } },
      'incorrect subject name other',
    ],
    ['no subject', { type: TYPE, metadata: {} }, 'incorrect subject name '],
  ]
  for (const [name, secret, want] of invalid)
    test(`secret check: ${name}`, () => assert.equal(invalidSecretMessage(secret, 's1', 'sample'), want))

  const fill: [string, any, boolean][] = [
    ['unfilled', { type: TYPE, metadata: { annotations: { [ANN]: 'sample' } } }, true],
    [
      'unfilled with other data',
      { type: TYPE, metadata: { annotations: { [ANN]: 'sample' } }, data: { other: 'eA==' } },
      true,
    ],
    [
      'filled',
      { type: TYPE, metadata: { annotations: { [ANN]: 'sample' } }, data: { token: 'dA==' } },
      false,
    ],
    [
      'an empty token counts as filled',
      { type: TYPE, metadata: { annotations: { [ANN]: 'sample' } }, data: { token: '' } },
      false,
    ],
    ['no annotation', { type: TYPE, metadata: {} }, false],
    ['empty annotation', { type: TYPE, metadata: { annotations: { [ANN]: '' } } }, false],
    ['another type', { type: 'Opaque', metadata: { annotations: { [ANN]: 'sample' } } }, false],
  ]
  for (const [name, secret, want] of fill)
    test(`token filler: ${name}`, () => assert.equal(needsToken(secret), want))
})

describe('stale pods', () => {
  const pod = (name: string, owner: any, secret?: string, sa = 'sample') => ({
    metadata: {
      name,
      namespace: 'ns',
      annotations: { 'kubesphere.io/serviceaccount-name': sa },
      ownerReferences: owner ? [owner] : undefined,
    },
    spec: secret
      ? {
          volumes: [
            { name: 'kubesphere-service-account', projected: { sources: [{ secret: { name: secret } }] } },
          ],
        }
      : {},
  })
  const replicaSets: Record<string, any> = {
    'rs-d': { metadata: { ownerReferences: [{ kind: 'Deployment', name: 'web' }] } },
    'rs-bare': { metadata: {} },
  }
  const lookup = (_ns: string, n: string) => replicaSets[n]

  test('the injected secret name of a pod', () => {
    assert.equal(injectedSecretName(pod('p', undefined, 's1')), 's1')
    assert.equal(injectedSecretName(pod('p', undefined)), undefined)
  })

  const owners: [string, any, unknown][] = [
    [
      'Deployment through its ReplicaSet',
      { kind: 'ReplicaSet', name: 'rs-d' },
      { group: 'apps', resource: 'deployments', namespace: 'ns', name: 'web' },
    ],
    ['ReplicaSet without a Deployment', { kind: 'ReplicaSet', name: 'rs-bare' }, undefined],
    [
      'StatefulSet',
      { kind: 'StatefulSet', name: 'db' },
      { group: 'apps', resource: 'statefulsets', namespace: 'ns', name: 'db' },
    ],
    [
      'DaemonSet',
      { kind: 'DaemonSet', name: 'agent' },
      { group: 'apps', resource: 'daemonsets', namespace: 'ns', name: 'agent' },
    ],
    ['Job', { kind: 'Job', name: 'j' }, undefined],
    ['bare pod', undefined, undefined],
  ]
  for (const [name, owner, want] of owners)
    test(`owner: ${name}`, () => assert.deepEqual(owningWorkload(pod('p', owner), lookup), want))

  test('only workloads with a pod lacking the current secret, each once', () => {
    const pods = [
      pod('ok', { kind: 'StatefulSet', name: 'fresh' }, 'current'),
      pod('old-1', { kind: 'ReplicaSet', name: 'rs-d' }, 'previous'),
      pod('old-2', { kind: 'ReplicaSet', name: 'rs-d' }, 'previous'),
      pod('none', { kind: 'DaemonSet', name: 'agent' }),
      pod('other-sa', { kind: 'DaemonSet', name: 'x' }, undefined, 'another'),
      pod('bare', undefined, 'previous'),
    ]
    assert.deepEqual(
      workloadsToRestart(pods, 'sample', 'current', lookup).map((w) => `${w.resource}/${w.name}`),
      ['deployments/web', 'daemonsets/agent'],
    )
  })
})
