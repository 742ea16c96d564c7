import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { isApiError } from '../../apimachinery/errors.js'
import type { UserInfo } from '../../apimachinery/user.js'
import type { ResourceRegistry } from '../../registry/registry.js'
import type { Attributes } from '../attributes.js'
import type { Authorizer } from '../authorizer.js'
import { answerAccessReview, reviewAttributes } from './access-reviews.js'
import { answerSelfSubjectReview } from './self-subject-review.js'

const bob: UserInfo = { name: 'bob', groups: ['system:authenticated'] }
// Nodes are cluster-scoped, pods namespaced.
const registry = {
  storeFor: (_g: string, r: string) =>
    r === 'nodes' ? { namespaced: false } : r === 'pods' ? { namespaced: true } : undefined,
} as unknown as ResourceRegistry

describe('review attributes are asked as the request would be', () => {
  const cases: [string, Record<string, unknown>, Partial<Attributes>][] = [
    [
      'namespaced resource',
      { resourceAttributes: { namespace: 'ns1', verb: 'list', resource: 'pods' } },
      { namespace: 'ns1', resourceScope: 'Namespace', resourceRequest: true, kubernetesRequest: true },
    ],
    [
      "cluster-scoped resource drops kubectl's namespace",
      { resourceAttributes: { namespace: 'default', verb: 'list', resource: 'nodes' } },
      { namespace: '', resourceScope: 'Cluster' },
    ],
    [
      'a namespace by name is inside itself',
      { resourceAttributes: { namespace: 'default', verb: 'get', resource: 'namespaces', name: 'ns1' } },
      { namespace: 'ns1', resourceScope: 'Namespace' },
    ],
    [
      'global KubeSphere resources',
      { resourceAttributes: { verb: 'list', group: 'iam.kubesphere.io', resource: 'users' } },
      { resourceScope: 'Global' },
    ],
    [
      'a workspace template by name is in its workspace',
      {
        resourceAttributes: {
          verb: 'delete',
          group: 'tenant.kubesphere.io',
          resource: 'workspacetemplates',
          name: 'ws1',
        },
      },
      { workspace: 'ws1', resourceScope: 'Workspace' },
    ],
    [
      'non-resource verbs are upper-cased',
      { nonResourceAttributes: { path: '/apis', verb: 'get' } },
      { verb: 'GET', path: '/apis', resourceRequest: false, kubernetesRequest: true, resourceScope: '' },
    ],
    [
      '* stays *',
      { nonResourceAttributes: { path: '/x', verb: '*' } },
      { verb: '*', kubernetesRequest: false },
    ],
  ]
  for (const [name, spec, expected] of cases) {
    test(name, () => {
      const a = reviewAttributes(bob, spec, registry)
      assert.deepEqual(
        Object.fromEntries(Object.keys(expected).map((k) => [k, a[k as keyof Attributes]])),
        expected,
      )
    })
  }
})

describe('answers', () => {
  const seen: Attributes[] = []
  const authorizer: Authorizer = {
    authorize: (a) => {
      seen.push(a)
      return a.user.name === 'bob'
        ? { decision: 'allow', reason: 'RBAC: allowed by test' }
        : { decision: 'no-opinion', reason: '' }
    },
  }

  test('a self review asks about the caller and fills the status', () => {
    const out = answerAccessReview(
      'SelfSubjectAccessReview',
      { spec: { resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'ns1' } } },
      bob,
      authorizer,
      registry,
    )
    assert.deepEqual(out.status, { allowed: true, reason: 'RBAC: allowed by test' })
    assert.equal(out.kind, 'SelfSubjectAccessReview')
    assert.equal(out.apiVersion, 'authorization.k8s.io/v1')
  })

  test('a subject access review asks about the named user with exactly the given groups', () => {
    const out = answerAccessReview(
      'SubjectAccessReview',
      { spec: { user: 'carol', groups: ['g1'], resourceAttributes: { verb: 'get', resource: 'pods' } } },
      bob,
      authorizer,
      registry,
    )
    assert.deepEqual(out.status, { allowed: false })
    assert.deepEqual(seen.at(-1)!.user, { name: 'carol', groups: ['g1'] })
  })

  const invalid: [
    string,
    Parameters<typeof answerAccessReview>[0],
    Record<string, unknown>,
    string,
    number,
  ][] = [
    [
      'no attributes',
      'SelfSubjectAccessReview',
      { spec: {} },
      'spec.resourceAttributes: Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified',
      422,
    ],
    [
      'both attributes',
      'SelfSubjectAccessReview',
      { spec: { resourceAttributes: {}, nonResourceAttributes: {} } },
      'cannot be specified in combination with resourceAttributes',
      422,
    ],
    [
      'no user or group',
      'SubjectAccessReview',
      { spec: { resourceAttributes: {} } },
      'spec.user: Invalid value: "": at least one of user or group must be specified',
      422,
    ],
    [
      'local review in another namespace',
      'LocalSubjectAccessReview',
      { spec: { user: 'x', resourceAttributes: { namespace: 'ns2' } } },
      'spec.resourceAttributes.namespace: Invalid value: "ns2": must match metadata.namespace',
      422,
    ],
    [
      'local review of a non-resource',
      'LocalSubjectAccessReview',
      { spec: { user: 'x', nonResourceAttributes: { path: '/' } } },
      'disallowed on this kind of request',
      422,
    ],
  ]
  for (const [name, kind, review, message, code] of invalid) {
    test(name, () => {
      assert.throws(
        () => answerAccessReview(kind, review, bob, authorizer, registry, 'ns1'),
        (e: unknown) => isApiError(e) && e.code === code && e.status.message!.includes(message),
      )
    })
  }

  test('self subject review', () => {
    assert.deepEqual(answerSelfSubjectReview({}, { name: 'sa', groups: [] }), {
      kind: 'SelfSubjectReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { creationTimestamp: null },
      status: { userInfo: { username: 'sa' } },
    })
    assert.deepEqual(answerSelfSubjectReview({}, bob).status.userInfo, {
      username: 'bob',
      groups: ['system:authenticated'],
    })
  })
})
