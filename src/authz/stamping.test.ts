import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { builtinRoles } from './builtin/roles.js'
import {
  builtinRoleTargets,
  creatorBinding,
  fnv1a64,
  managerBinding,
  stampedNamespaceRole,
  stampedWorkspaceRole,
  workspaceRoleName,
} from './stamping.js'

const builtin = (name: string) => builtinRoles().find((b) => b.metadata.name === name)

describe('names', () => {
  const hashes: [string, string][] = [
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ]
  for (const [input, hash] of hashes)
    test(`fnv1a64(${JSON.stringify(input)})`, () => assert.equal(fnv1a64(input), hash))

  const names: [string, string, string][] = [
    ['short workspace', 'ws1', 'ws1-admin'],
    ['exactly 63 characters', 'w'.repeat(57), `${'w'.repeat(57)}-admin`],
    ['64 characters hash', 'w'.repeat(58), `admin.${fnv1a64('w'.repeat(58))}`],
  ]
  for (const [name, ws, expected] of names)
    test(name, () => assert.equal(workspaceRoleName(ws, 'admin'), expected))
})

describe('targets', () => {
  const cases: [string, string, 'workspace' | 'namespace', Record<string, string>, boolean][] = [
    ['workspace roles target every workspace', 'workspace-admin', 'workspace', {}, true],
    [
      'a workspace role is not a namespace role',
      'workspace-admin',
      'namespace',
      { 'kubesphere.io/managed': 'true' },
      false,
    ],
    ['project roles need a managed namespace', 'project-admin', 'namespace', {}, false],
    [
      'managed namespace',
      'project-viewer',
      'namespace',
      { 'kubesphere.io/managed': 'true', 'kubesphere.io/workspace': 'ws1' },
      true,
    ],
  ]
  for (const [name, role, scope, labels, expected] of cases)
    test(name, () => assert.equal(builtinRoleTargets(builtin(role), scope, labels), expected))
})

describe('stamped objects', () => {
  test('a workspace role copies the embedded role and carries the workspace label', () => {
    const role = stampedWorkspaceRole(builtin('workspace-viewer'), 'ws1')
    assert.equal(role.kind, 'WorkspaceRole')
    assert.equal(role.metadata.name, 'ws1-viewer')
    assert.equal(role.metadata.labels['kubesphere.io/workspace'], 'ws1')
    assert.equal(role.metadata.annotations['iam.kubesphere.io/auto-aggregate'], 'true')
    assert.deepEqual(role.rules, builtin('workspace-viewer').role.rules)
    assert.deepEqual(role.aggregationRoleTemplates, builtin('workspace-viewer').role.aggregationRoleTemplates)
  })

  test('kinds must match the target', () => {
    assert.equal(stampedWorkspaceRole(builtin('project-admin'), 'ws1'), undefined)
    assert.equal(stampedNamespaceRole(builtin('workspace-admin'), 'ns1'), undefined)
    const role = stampedNamespaceRole(builtin('project-operator'), 'ns1')
    assert.deepEqual([role.kind, role.metadata.name, role.metadata.namespace], ['Role', 'operator', 'ns1'])
  })

  test('the manager binding', () => {
    assert.equal(managerBinding({ metadata: { name: 'ws1' }, spec: { template: { spec: {} } } }), undefined)
    const b = managerBinding({
      metadata: { name: 'ws1' },
      spec: { template: { spec: { manager: 'alice' } } },
    })
    assert.deepEqual(b, {
      apiVersion: 'iam.kubesphere.io/v1beta1',
      kind: 'WorkspaceRoleBinding',
      metadata: {
        name: 'ws1-admin',
        labels: {
          'kubesphere.io/workspace': 'ws1',
          'iam.kubesphere.io/user-ref': 'alice',
          'iam.kubesphere.io/role-ref': 'ws1-admin',
        },
      },
      roleRef: { apiGroup: 'iam.kubesphere.io', kind: 'WorkspaceRole', name: 'ws1-admin' },
      subjects: [{ kind: 'User', apiGroup: 'iam.kubesphere.io', name: 'alice' }],
    })
  })

  test('the creator binding', () => {
    assert.equal(creatorBinding({ metadata: { name: 'ns1' } }), undefined)
    const b = creatorBinding({ metadata: { name: 'ns1', annotations: { 'kubesphere.io/creator': 'bob' } } })
    assert.equal(b.metadata.name, 'bob-admin')
    assert.equal(b.metadata.namespace, 'ns1')
    assert.deepEqual(b.metadata.labels, {
      'iam.kubesphere.io/user-ref': 'bob',
      'iam.kubesphere.io/role-ref': 'admin',
    })
    assert.deepEqual(b.roleRef, { apiGroup: 'iam.kubesphere.io', kind: 'Role', name: 'admin' })
  })
})
