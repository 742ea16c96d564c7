import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import type { UserInfo } from '../apimachinery/user.js'
import { parseRequestInfo } from '../server/request-info.js'
import { attributesFromRequest, type Attributes } from './attributes.js'
import { forbiddenError } from './forbidden.js'
import { PolicyIndex, type IndexedKind } from './policy-index.js'
import { RbacAuthorizer } from './rbac-authorizer.js'

const alice: UserInfo = { name: 'alice', groups: ['system:authenticated'] }
const sa: UserInfo = { name: 'kubesphere:serviceaccount:default:sample', groups: [] }
const k8sSa: UserInfo = { name: 'system:serviceaccount:default:sample', groups: [] }

const SA_SUBJECT = { apiGroup: 'kubesphere.io', kind: 'ServiceAccount', name: 'sample', namespace: 'default' }
const ALL = [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]

function role(kind: string, name: string, rules: unknown[], extra: Record<string, any> = {}) {
  return { kind, metadata: { name, ...extra }, rules }
}

function binding(
  kind: string,
  name: string,
  roleRef: [string, string],
  subjects: unknown[],
  meta: Record<string, any> = {},
) {
  return {
    kind,
    metadata: { name, creationTimestamp: '2026-01-01T00:00:00Z', ...meta },
    roleRef: { apiGroup: 'iam.kubesphere.io', kind: roleRef[0], name: roleRef[1] },
    subjects,
  }
}

/** The chart's defaults that matter here, plus the seed's four grants as options. */
function indexWith(objects: any[]): PolicyIndex {
  const index = new PolicyIndex()
  const base = [
    role('GlobalRole', 'platform-admin', ALL),
    role('GlobalRole', 'authenticated', [], {
      annotations: {
        'iam.kubesphere.io/rego-override': readFileSync(
          new URL('./builtin/authenticated.rego', import.meta.url),
          'utf8',
        ),
      },
    }),
    role('ClusterRole', 'cluster-admin', [...ALL, { nonResourceURLs: ['*'], verbs: ['*'] }]),
    role('WorkspaceRole', 'ws1-admin', ALL),
    role('WorkspaceRole', 'ws1-viewer', [
      { apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] },
    ]),
    role('Role', 'admin', ALL, { namespace: 'ns1' }),
    binding(
      'GlobalRoleBinding',
      'authenticated',
      ['GlobalRole', 'authenticated'],
      [{ kind: 'Group', name: 'system:authenticated' }],
    ),
    { kind: 'Namespace', metadata: { name: 'ns1', labels: { 'kubesphere.io/workspace': 'ws1' } } },
    { kind: 'Namespace', metadata: { name: 'ns2', labels: { 'kubesphere.io/workspace': 'ws2' } } },
    { kind: 'Namespace', metadata: { name: 'loose' } },
  ]
  for (const obj of [...base, ...objects]) index.apply(obj.kind as IndexedKind, 'ADDED', obj)
  return index
}

function attrs(user: UserInfo, method: string, target: string): Attributes {
  const [path, q] = target.split('?')
  return attributesFromRequest(user, parseRequestInfo(method, path, new URLSearchParams(q ?? '')))
}

describe('scope walk (authz.md §6.1, §12.3)', () => {
  const crb = binding(
    'ClusterRoleBinding',
    'sample-cluster-admin',
    ['ClusterRole', 'cluster-admin'],
    [SA_SUBJECT],
  )
  const cases: [string, any[], UserInfo, string, string, boolean][] = [
    ['no bindings: denied', [], sa, 'GET', '/kapis/tenant.kubesphere.io/v1beta1/clusters', false],
    ['cluster-admin lists pods anywhere', [crb], sa, 'GET', '/api/v1/namespaces/loose/pods', true],
    [
      'cluster-admin reads a workspace',
      [crb],
      sa,
      'GET',
      '/kapis/tenant.kubesphere.io/v1beta1/workspaces/ws1',
      true,
    ],
    [
      'cluster-admin is not global: clusters',
      [crb],
      sa,
      'GET',
      '/kapis/tenant.kubesphere.io/v1beta1/clusters',
      false,
    ],
    ['cluster-admin is not global: users', [crb], sa, 'GET', '/kapis/iam.kubesphere.io/v1beta1/users', false],
    ['cluster-admin reaches non-resource paths', [crb], sa, 'GET', '/kapis/version', true],
    [
      'platform-admin is global',
      [binding('GlobalRoleBinding', 'sample-platform-admin', ['GlobalRole', 'platform-admin'], [SA_SUBJECT])],
      sa,
      'GET',
      '/kapis/tenant.kubesphere.io/v1beta1/clusters',
      true,
    ],
    [
      'ordinary users read tenant clusters through authenticated',
      [],
      alice,
      'GET',
      '/kapis/tenant.kubesphere.io/v1beta1/clusters',
      true,
    ],
    ['service accounts get nothing from authenticated', [], sa, 'GET', '/api/v1', false],
    [
      'workspace admin deletes pods in a workspace namespace',
      [
        binding(
          'WorkspaceRoleBinding',
          'a',
          ['WorkspaceRole', 'ws1-admin'],
          [{ kind: 'User', name: 'alice' }],
          { labels: { 'kubesphere.io/workspace': 'ws1' } },
        ),
      ],
      alice,
      'DELETE',
      '/api/v1/namespaces/ns1/pods/p1',
      true,
    ],
    [
      'workspace admin not in another workspace',
      [
        binding(
          'WorkspaceRoleBinding',
          'a',
          ['WorkspaceRole', 'ws1-admin'],
          [{ kind: 'User', name: 'alice' }],
          { labels: { 'kubesphere.io/workspace': 'ws1' } },
        ),
      ],
      alice,
      'DELETE',
      '/api/v1/namespaces/ns2/pods/p1',
      false,
    ],
    [
      'workspace admin not in an unlabelled namespace',
      [
        binding(
          'WorkspaceRoleBinding',
          'a',
          ['WorkspaceRole', 'ws1-admin'],
          [{ kind: 'User', name: 'alice' }],
          { labels: { 'kubesphere.io/workspace': 'ws1' } },
        ),
      ],
      alice,
      'DELETE',
      '/api/v1/namespaces/loose/pods/p1',
      false,
    ],
    [
      'workspace admin at workspace scope',
      [
        binding(
          'WorkspaceRoleBinding',
          'a',
          ['WorkspaceRole', 'ws1-admin'],
          [{ kind: 'User', name: 'alice' }],
          { labels: { 'kubesphere.io/workspace': 'ws1' } },
        ),
      ],
      alice,
      'POST',
      '/kapis/tenant.kubesphere.io/v1beta1/workspaces/ws1/namespaces',
      true,
    ],
    [
      'an unlabelled workspace binding is never consulted',
      [
        binding(
          'WorkspaceRoleBinding',
          'a',
          ['WorkspaceRole', 'ws1-admin'],
          [{ kind: 'User', name: 'alice' }],
        ),
      ],
      alice,
      'DELETE',
      '/api/v1/namespaces/ns1/pods/p1',
      false,
    ],
    [
      'workspace viewer cannot delete',
      [
        binding(
          'WorkspaceRoleBinding',
          'v',
          ['WorkspaceRole', 'ws1-viewer'],
          [{ kind: 'User', name: 'alice' }],
          { labels: { 'kubesphere.io/workspace': 'ws1' } },
        ),
      ],
      alice,
      'DELETE',
      '/api/v1/namespaces/ns1/pods/p1',
      false,
    ],
    [
      'namespace admin in their namespace',
      [
        binding('RoleBinding', 'r', ['Role', 'admin'], [{ kind: 'User', name: 'alice' }], {
          namespace: 'ns1',
        }),
      ],
      alice,
      'DELETE',
      '/api/v1/namespaces/ns1/pods/p1',
      true,
    ],
    [
      'namespace admin not in another',
      [
        binding('RoleBinding', 'r', ['Role', 'admin'], [{ kind: 'User', name: 'alice' }], {
          namespace: 'ns1',
        }),
      ],
      alice,
      'DELETE',
      '/api/v1/namespaces/ns2/pods/p1',
      false,
    ],
    [
      'namespace role at cluster scope: nothing',
      [
        binding('RoleBinding', 'r', ['Role', 'admin'], [{ kind: 'User', name: 'alice' }], {
          namespace: 'ns1',
        }),
      ],
      alice,
      'GET',
      '/api/v1/pods',
      false,
    ],
    [
      'a role binding may reference a cluster role',
      [
        binding('RoleBinding', 'r', ['ClusterRole', 'cluster-admin'], [{ kind: 'User', name: 'alice' }], {
          namespace: 'ns1',
        }),
      ],
      alice,
      'DELETE',
      '/api/v1/namespaces/ns1/pods/p1',
      true,
    ],
    [
      'a cluster binding to a Role finds nothing',
      [binding('ClusterRoleBinding', 'c', ['Role', 'admin'], [{ kind: 'User', name: 'alice' }])],
      alice,
      'DELETE',
      '/api/v1/namespaces/ns1/pods/p1',
      false,
    ],
    [
      'a missing role grants nothing, silently',
      [binding('ClusterRoleBinding', 'c', ['ClusterRole', 'nope'], [{ kind: 'User', name: 'alice' }])],
      alice,
      'GET',
      '/api/v1/pods',
      false,
    ],
    [
      'groups match',
      [
        binding(
          'ClusterRoleBinding',
          'c',
          ['ClusterRole', 'cluster-admin'],
          [{ kind: 'Group', name: 'devs' }],
        ),
      ],
      { name: 'x', groups: ['devs'] },
      'GET',
      '/api/v1/pods',
      true,
    ],
  ]
  for (const [name, objects, user, method, target, allowed] of cases) {
    test(name, () => {
      const result = new RbacAuthorizer(indexWith(objects)).authorize(attrs(user, method, target))
      assert.equal(result.decision, allowed ? 'allow' : 'no-opinion', result.reason)
    })
  }
})

describe('service account subjects (authz.md §6.3)', () => {
  const cases: [string, string, Record<string, string>, UserInfo, boolean][] = [
    [
      'kubesphere.io in a cluster binding',
      'ClusterRoleBinding',
      { apiGroup: 'kubesphere.io', namespace: 'default' },
      sa,
      true,
    ],
    [
      'rbac group means a Kubernetes SA',
      'ClusterRoleBinding',
      { apiGroup: 'rbac.authorization.k8s.io', namespace: 'default' },
      k8sSa,
      true,
    ],
    [
      'rbac group does not match a KubeSphere SA',
      'ClusterRoleBinding',
      { apiGroup: 'rbac.authorization.k8s.io', namespace: 'default' },
      sa,
      false,
    ],
    [
      'empty apiGroup never matches',
      'ClusterRoleBinding',
      { apiGroup: '', namespace: 'default' },
      k8sSa,
      false,
    ],
    [
      'no namespace in a cluster binding never matches',
      'ClusterRoleBinding',
      { apiGroup: 'kubesphere.io' },
      sa,
      false,
    ],
    [
      'no namespace in a global binding never matches',
      'GlobalRoleBinding',
      { apiGroup: 'kubesphere.io' },
      sa,
      false,
    ],
    [
      'no namespace in a role binding means its namespace',
      'RoleBinding',
      { apiGroup: 'kubesphere.io' },
      { name: 'kubesphere:serviceaccount:ns1:sample', groups: [] },
      true,
    ],
    [
      'the namespace must match',
      'RoleBinding',
      { apiGroup: 'kubesphere.io', namespace: 'other' },
      { name: 'kubesphere:serviceaccount:ns1:sample', groups: [] },
      false,
    ],
  ]
  for (const [name, kind, subject, user, allowed] of cases) {
    test(name, () => {
      const roleRef: [string, string] =
        kind === 'GlobalRoleBinding'
          ? ['GlobalRole', 'platform-admin']
          : kind === 'RoleBinding'
            ? ['Role', 'admin']
            : ['ClusterRole', 'cluster-admin']
      const b = binding(
        kind,
        'b',
        roleRef,
        [{ kind: 'ServiceAccount', name: 'sample', ...subject }],
        kind === 'RoleBinding' ? { namespace: 'ns1' } : {},
      )
      const result = new RbacAuthorizer(indexWith([b])).authorize(
        attrs(user, 'GET', '/api/v1/namespaces/ns1/pods'),
      )
      assert.equal(result.decision, allowed ? 'allow' : 'no-opinion')
    })
  }
})

describe('reasons (authz.md §6.7)', () => {
  const cases: [string, any, UserInfo, string][] = [
    [
      'global',
      binding(
        'GlobalRoleBinding',
        'admin',
        ['GlobalRole', 'platform-admin'],
        [{ kind: 'User', name: 'alice' }],
      ),
      alice,
      'RBAC: allowed by GlobalRoleBinding "admin" of GlobalRole "platform-admin" to User "alice"',
    ],
    [
      'workspace (upstream says GlobalRoleBinding)',
      binding('WorkspaceRoleBinding', 'w', ['WorkspaceRole', 'ws1-admin'], [SA_SUBJECT], {
        labels: { 'kubesphere.io/workspace': 'ws1' },
      }),
      sa,
      'RBAC: allowed by GlobalRoleBinding "w" of WorkspaceRole "ws1-admin" to ServiceAccount "sample/default"',
    ],
    [
      'role binding',
      binding(
        'RoleBinding',
        'r',
        ['Role', 'admin'],
        [{ kind: 'ServiceAccount', apiGroup: 'kubesphere.io', name: 'x' }],
        { namespace: 'ns1' },
      ),
      { name: 'kubesphere:serviceaccount:ns1:x', groups: [] },
      'RBAC: allowed by RoleBinding "r/ns1" of Role "admin" to ServiceAccount "x/ns1"',
    ],
    [
      'cluster',
      binding(
        'ClusterRoleBinding',
        'c',
        ['ClusterRole', 'cluster-admin'],
        [{ kind: 'Group', name: 'system:authenticated' }],
      ),
      alice,
      'RBAC: allowed by ClusterRoleBinding "c" of ClusterRole "cluster-admin" to Group "system:authenticated"',
    ],
  ]
  for (const [name, b, user, reason] of cases) {
    test(name, () => {
      const result = new RbacAuthorizer(indexWith([b])).authorize(
        attrs(user, 'DELETE', '/api/v1/namespaces/ns1/pods/p1'),
      )
      assert.deepEqual(result, { decision: 'allow', reason })
    })
  }

  test('the newest binding is named', () => {
    const older = binding(
      'ClusterRoleBinding',
      'old',
      ['ClusterRole', 'cluster-admin'],
      [{ kind: 'User', name: 'alice' }],
    )
    const newer = binding(
      'ClusterRoleBinding',
      'new',
      ['ClusterRole', 'cluster-admin'],
      [{ kind: 'User', name: 'alice' }],
      { creationTimestamp: '2026-02-01T00:00:00Z' },
    )
    const result = new RbacAuthorizer(indexWith([older, newer])).authorize(
      attrs(alice, 'GET', '/api/v1/pods'),
    )
    assert.match(result.reason, /"new"/)
  })

  test('unsupported role kinds are reported; global ones do not stop the walk', () => {
    const bad = binding('GlobalRoleBinding', 'bad', ['Foo', 'x'], [{ kind: 'User', name: 'alice' }])
    const badToo = binding('GlobalRoleBinding', 'bad2', ['Bar', 'x'], [{ kind: 'User', name: 'alice' }])
    const good = binding(
      'ClusterRoleBinding',
      'c',
      ['ClusterRole', 'cluster-admin'],
      [{ kind: 'User', name: 'alice' }],
    )
    const authorizer = new RbacAuthorizer(indexWith([bad, badToo, good]))
    assert.equal(authorizer.authorize(attrs(alice, 'GET', '/api/v1/pods')).decision, 'allow')
    const denied = authorizer.authorize(attrs(alice, 'GET', '/kapis/iam.kubesphere.io/v1beta1/users'))
    assert.equal(
      denied.reason,
      'RBAC: [unsupported role reference kind: "Bar", unsupported role reference kind: "Foo"]',
    )
  })

  test('a bad cluster binding stops the walk', () => {
    const bad = binding('ClusterRoleBinding', 'z-bad', ['Foo', 'x'], [{ kind: 'User', name: 'alice' }], {
      creationTimestamp: '2026-03-01T00:00:00Z',
    })
    const good = binding(
      'ClusterRoleBinding',
      'c',
      ['ClusterRole', 'cluster-admin'],
      [{ kind: 'User', name: 'alice' }],
    )
    const result = new RbacAuthorizer(indexWith([bad, good])).authorize(attrs(alice, 'GET', '/api/v1/pods'))
    assert.deepEqual(result, {
      decision: 'no-opinion',
      reason: 'RBAC: unsupported role reference kind: "Foo"',
    })
  })

  test('changes apply at once; deletion revokes', () => {
    const index = indexWith([])
    const authorizer = new RbacAuthorizer(index)
    const b = binding('RoleBinding', 'r', ['Role', 'admin'], [{ kind: 'User', name: 'alice' }], {
      namespace: 'ns1',
    })
    const a = attrs(alice, 'GET', '/api/v1/namespaces/ns1/pods')
    assert.equal(authorizer.authorize(a).decision, 'no-opinion')
    index.apply('RoleBinding', 'ADDED', b)
    assert.equal(authorizer.authorize(a).decision, 'allow')
    index.apply('RoleBinding', 'DELETED', b)
    assert.equal(authorizer.authorize(a).decision, 'no-opinion')
    // Moving a namespace out of its workspace ends workspace grants there.
    index.apply(
      'WorkspaceRoleBinding',
      'ADDED',
      binding(
        'WorkspaceRoleBinding',
        'w',
        ['WorkspaceRole', 'ws1-admin'],
        [{ kind: 'User', name: 'alice' }],
        { labels: { 'kubesphere.io/workspace': 'ws1' } },
      ),
    )
    assert.equal(authorizer.authorize(a).decision, 'allow')
    index.apply('Namespace', 'MODIFIED', { metadata: { name: 'ns1' } })
    assert.equal(authorizer.authorize(a).decision, 'no-opinion')
  })
})

describe('403 messages (authz.md §7.1)', () => {
  const bob: UserInfo = { name: 'bob', groups: ['system:authenticated'] }
  const cases: [string, UserInfo, string, string, string, Record<string, string>][] = [
    [
      'the seed',
      sa,
      'GET',
      '/kapis/tenant.kubesphere.io/v1beta1/clusters',
      'clusters.tenant.kubesphere.io is forbidden: User "kubesphere:serviceaccount:default:sample" cannot list resource "clusters" in API group "tenant.kubesphere.io" at the cluster scope',
      { group: 'tenant.kubesphere.io', kind: 'clusters' },
    ],
    [
      'workspace scope says cluster scope',
      bob,
      'DELETE',
      '/kapis/tenant.kubesphere.io/v1beta1/workspaces/ws1',
      'workspaces.tenant.kubesphere.io "ws1" is forbidden: User "bob" cannot delete resource "workspaces" in API group "tenant.kubesphere.io" at the cluster scope',
      { name: 'ws1', group: 'tenant.kubesphere.io', kind: 'workspaces' },
    ],
    [
      'subresource, core group, namespace',
      bob,
      'GET',
      '/api/v1/namespaces/ns1/pods/p1/log',
      'pods "p1" is forbidden: User "bob" cannot get resource "pods/log" in API group "" in the namespace "ns1"',
      { name: 'p1', kind: 'pods' },
    ],
    [
      'a namespace',
      bob,
      'GET',
      '/api/v1/namespaces/ns1',
      'namespaces "ns1" is forbidden: User "bob" cannot get resource "namespaces" in API group "" in the namespace "ns1"',
      { name: 'ns1', kind: 'namespaces' },
    ],
    [
      'non-resource',
      bob,
      'GET',
      '/apis/<x>&',
      'forbidden: User "bob" cannot GET path "/apis/&lt;x&gt;&amp;"',
      {},
    ],
  ]
  for (const [name, user, method, target, message, details] of cases) {
    test(name, () => {
      const err = forbiddenError(attrs(user, method, target), '')
      assert.equal(err.status.message, message)
      assert.deepEqual(err.status.details, details)
      assert.equal(err.status.code, 403)
      assert.equal(err.status.reason, 'Forbidden')
    })
  }

  test('a reason is appended', () => {
    const err = forbiddenError(
      attrs(bob, 'GET', '/api/v1/pods'),
      'RBAC: unsupported role reference kind: "Foo"',
    )
    assert.equal(
      err.status.message,
      'pods is forbidden: User "bob" cannot list resource "pods" in API group "" at the cluster scope: RBAC: unsupported role reference kind: "Foo"',
    )
  })
})
