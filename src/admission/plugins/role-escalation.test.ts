import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { isApiError } from '../../apimachinery/errors.js'
import { SYSTEM_USER, type UserInfo } from '../../apimachinery/user.js'
import { PolicyIndex, type IndexedKind } from '../../authz/policy-index.js'
import { RbacAuthorizer } from '../../authz/rbac-authorizer.js'
import { roleTemplates } from '../../authz/builtin/role-templates.js'
import type { ResourceRegistry } from '../../registry/registry.js'
import type { ResourceInfo } from '../../registry/strategy.js'
import type { AdmissionAttributes, Operation } from '../interfaces.js'
import { roleEscalationPlugin } from './role-escalation.js'

const ALL = [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]
const templates = roleTemplates()

function setup() {
  const index = new PolicyIndex()
  const add = (kind: IndexedKind, obj: any) => index.apply(kind, 'ADDED', obj)
  add('Namespace', { metadata: { name: 'ns1', labels: { 'kubesphere.io/workspace': 'ws1' } } })
  add('GlobalRole', {
    metadata: { name: 'platform-admin' },
    rules: [...ALL, { nonResourceURLs: ['*'], verbs: ['*'] }],
  })
  add('ClusterRole', {
    metadata: { name: 'cluster-admin' },
    rules: [...ALL, { nonResourceURLs: ['*'], verbs: ['*'] }],
  })
  add('Role', { metadata: { name: 'admin', namespace: 'ns1' }, rules: ALL })
  add('Role', {
    metadata: { name: 'view', namespace: 'ns1' },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
  })
  add('Role', {
    metadata: {
      name: 'regoed',
      namespace: 'ns1',
      annotations: { 'iam.kubesphere.io/rego-override': 'package authz\nallow { true }' },
    },
    rules: [],
  })
  add('Role', {
    metadata: { name: 'manager', namespace: 'ns1' },
    rules: [
      { apiGroups: ['iam.kubesphere.io'], resources: ['roles', 'rolebindings'], verbs: ['create', 'update'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
    ],
  })
  add('Role', {
    metadata: { name: 'binder', namespace: 'ns1' },
    rules: [
      {
        apiGroups: ['iam.kubesphere.io'],
        resources: ['roles'],
        verbs: ['bind', 'escalate'],
        resourceNames: ['admin', 'wide'],
      },
    ],
  })
  const bind = (name: string, kind: string, roleKind: string, role: string, user: string, ns = '') =>
    add(kind as IndexedKind, {
      metadata: { name, namespace: ns },
      roleRef: { kind: roleKind, name: role },
      subjects: [{ kind: 'User', name: user }],
    })
  bind('root', 'GlobalRoleBinding', 'GlobalRole', 'platform-admin', 'root')
  bind('nsadmin', 'RoleBinding', 'Role', 'admin', 'nsadmin', 'ns1')
  bind('mgr', 'RoleBinding', 'Role', 'manager', 'mgr', 'ns1')
  bind('mgr-binder', 'RoleBinding', 'Role', 'binder', 'binder', 'ns1')
  bind('mgr2', 'RoleBinding', 'Role', 'manager', 'binder', 'ns1')
  const registry = {
    storeFor: (_g: string, resource: string) =>
      resource === 'roletemplates'
        ? {
            prefix: 'p',
            deps: { cache: { list: async () => ({ items: templates.map((obj) => ({ obj })) }) } },
          }
        : undefined,
  } as unknown as ResourceRegistry
  return roleEscalationPlugin({ authorizer: new RbacAuthorizer(index), index, registry })
}

const user = (name: string): UserInfo => ({ name, groups: ['system:authenticated'] })
const info = (resource: string): ResourceInfo => ({
  group: 'iam.kubesphere.io',
  version: 'v1beta1',
  resource,
  singular: '',
  kind: '',
  listKind: '',
  scope: 'Namespaced',
  verbs: [],
})

function attrs(
  resource: string,
  object: any,
  who: UserInfo,
  operation: Operation = 'CREATE',
  oldObject?: any,
): AdmissionAttributes {
  return {
    operation,
    info: info(resource),
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name,
    subresource: '',
    object,
    oldObject,
    user: who,
    dryRun: false,
    reader: { get: () => undefined },
  }
}

const role = (name: string, rules: any[], extra: Record<string, any> = {}) => ({
  metadata: { name, namespace: 'ns1' },
  rules,
  ...extra,
})
const binding = (name: string, roleKind: string, roleName: string) => ({
  metadata: { name, namespace: 'ns1' },
  roleRef: { apiGroup: 'iam.kubesphere.io', kind: roleKind, name: roleName },
  subjects: [{ kind: 'User', name: 'x' }],
})

describe('role escalation guard', () => {
  const plugin = setup()
  const cases: [string, AdmissionAttributes, string | undefined][] = [
    [
      'a platform admin grants anything',
      attrs('rolebindings', binding('b', 'ClusterRole', 'cluster-admin'), user('root')),
      undefined,
    ],
    [
      'internal writes are exempt',
      attrs('rolebindings', binding('b', 'ClusterRole', 'cluster-admin'), SYSTEM_USER),
      undefined,
    ],
    [
      'a namespace admin creates a wide role in the namespace',
      attrs('roles', role('wide', ALL), user('nsadmin')),
      undefined,
    ],
    [
      'non-resource rules of a namespace role grant nothing, so need nothing',
      attrs('roles', role('urls', [{ nonResourceURLs: ['*'], verbs: ['*'] }]), user('mgr')),
      undefined,
    ],
    [
      'but in a cluster role they do',
      attrs(
        'clusterroles',
        { metadata: { name: 'urls' }, rules: [{ nonResourceURLs: ['*'], verbs: ['*'] }] },
        user('mgr'),
      ),
      'NonResourceURLs:["*"]',
    ],
    [
      'he may bind cluster-admin there: his * verbs include bind',
      attrs('rolebindings', binding('b', 'ClusterRole', 'cluster-admin'), user('nsadmin')),
      undefined,
    ],
    [
      'a manager may not bind cluster-admin',
      attrs('rolebindings', binding('b', 'ClusterRole', 'cluster-admin'), user('mgr')),
      'Resources:["*"]',
    ],
    [
      'non-resource rules of a cluster role are checked for cluster bindings',
      attrs(
        'clusterrolebindings',
        { metadata: { name: 'c' }, roleRef: { kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [] },
        user('nsadmin'),
      ),
      'NonResourceURLs:["*"]',
    ],
    [
      'a manager creates a role within his grants',
      attrs('roles', role('r', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]), user('mgr')),
      undefined,
    ],
    [
      'but not beyond',
      attrs(
        'roles',
        role('r', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'delete'] }]),
        user('mgr'),
      ),
      '{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}',
    ],
    [
      'nor through templates the role aggregates',
      attrs(
        'roles',
        role('r', [], { aggregationRoleTemplates: { templateNames: ['namespace-manage-secrets'] } }),
        user('mgr'),
      ),
      'Resources:["secrets"]',
    ],
    [
      'nor with a rego policy',
      attrs(
        'roles',
        role('r', [], {
          metadata: {
            name: 'r',
            namespace: 'ns1',
            annotations: { 'iam.kubesphere.io/rego-override': 'package authz\nallow { true }' },
          },
        }),
        user('mgr'),
      ),
      'rego',
    ],
    [
      'binding a role within his grants',
      attrs('rolebindings', binding('b', 'Role', 'view'), user('mgr')),
      undefined,
    ],
    [
      'binding a role beyond them',
      attrs('rolebindings', binding('b', 'Role', 'admin'), user('mgr')),
      'is attempting to grant RBAC permissions not currently held',
    ],
    [
      'binding a role with a rego policy',
      attrs('rolebindings', binding('b', 'Role', 'regoed'), user('mgr')),
      'rego policy of Role "regoed"',
    ],
    [
      'binding a role that does not exist',
      attrs('rolebindings', binding('b', 'Role', 'nope'), user('mgr')),
      'roles.iam.kubesphere.io "nope" not found',
    ],
    [
      'the bind verb on the role lifts the check',
      attrs('rolebindings', binding('b', 'Role', 'admin'), user('binder')),
      undefined,
    ],
    [
      'the escalate verb on the role lifts the check',
      attrs('roles', role('wide', ALL), user('binder')),
      undefined,
    ],
    [
      'escalate names one role only',
      attrs('roles', role('other', ALL), user('binder')),
      'not currently held',
    ],
    [
      'an update that changes no grant is not checked',
      attrs(
        'roles',
        role('admin', ALL, { metadata: { name: 'admin', namespace: 'ns1', labels: { a: 'b' } } }),
        user('mgr'),
        'UPDATE',
        role('admin', ALL),
      ),
      undefined,
    ],
    [
      'an update that changes the rules is',
      attrs('roles', role('view', ALL), user('mgr'), 'UPDATE', role('view', [])),
      'not currently held',
    ],
    [
      'an unlabelled workspace role binding grants nothing',
      attrs(
        'workspacerolebindings',
        { metadata: { name: 'w' }, roleRef: { kind: 'WorkspaceRole', name: 'x' }, subjects: [] },
        user('mgr'),
      ),
      undefined,
    ],
    [
      'unsupported role kinds grant nothing',
      attrs('rolebindings', binding('b', 'Foo', 'x'), user('mgr')),
      undefined,
    ],
  ]
  for (const [name, a, error] of cases) {
    test(name, async () => {
      if (error === undefined) return plugin.validate!(a)
      await assert.rejects(
        Promise.resolve().then(() => plugin.validate!(a)),
        (e: unknown) => {
          assert.ok(isApiError(e))
          assert.ok(e.status.message!.includes(error), e.status.message)
          return true
        },
      )
    })
  }

  test('the denial reads like Kubernetes RBAC', async () => {
    await assert.rejects(
      Promise.resolve().then(() =>
        plugin.validate!(
          attrs(
            'roles',
            role('r', [{ apiGroups: [''], resources: ['pods', 'secrets'], verbs: ['delete', 'list'] }]),
            user('mgr'),
          ),
        ),
      ),
      (e: unknown) => {
        assert.ok(isApiError(e))
        assert.equal(e.code, 403)
        assert.equal(
          e.status.message,
          'roles.iam.kubesphere.io "r" is forbidden: user "mgr" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
            '{APIGroups:[""], Resources:["pods"], Verbs:["delete" "list"]}\n{APIGroups:[""], Resources:["secrets"], Verbs:["delete" "list"]}',
        )
        return true
      },
    )
  })
})
