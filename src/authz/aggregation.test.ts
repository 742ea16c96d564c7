import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { UserInfo } from '../apimachinery/user.js'
import { parseRequestInfo } from '../server/request-info.js'
import { aggregate, selectTemplates, wantsTemplate, withAggregation } from './aggregation.js'
import { attributesFromRequest } from './attributes.js'
import { builtinRoles, clusterRoles, globalRoles } from './builtin/roles.js'
import { roleTemplates } from './builtin/role-templates.js'
import { PolicyIndex } from './policy-index.js'
import { RbacAuthorizer } from './rbac-authorizer.js'
import { rulesAllow } from './rules.js'
import { compilePolicy } from './rego/policy.js'

const templates = roleTemplates()
const named = (list: any[], name: string) => list.find((o) => o.metadata.name === name)
const embedded = (name: string) => named(builtinRoles(), name).role

function allows(rules: any[], verb: string, apiGroup: string, resource: string, subresource = ''): boolean {
  const user: UserInfo = { name: 'u', groups: [] }
  return rulesAllow(
    {
      user,
      verb,
      apiGroup,
      resource,
      subresource,
      name: '',
      namespace: 'ns',
      workspace: '',
      cluster: '',
      apiVersion: 'v1',
      path: '',
      resourceScope: 'Namespace',
      resourceRequest: true,
      kubernetesRequest: true,
    },
    rules,
  )
}

describe('the shipped templates', () => {
  test('65 templates with distinct names, every one managed and scoped', () => {
    assert.equal(templates.length, 65)
    assert.equal(new Set(templates.map((t) => t.metadata.name)).size, 65)
    for (const t of templates) {
      assert.equal(t.metadata.labels['kubesphere.io/managed'], 'true')
      assert.ok(
        ['global', 'cluster', 'workspace', 'namespace'].includes(
          t.metadata.labels['iam.kubesphere.io/scope'],
        ),
      )
    }
    assert.equal(
      templates.filter((t) => t.metadata.labels['iam.kubesphere.io/scope'] === 'cluster').length,
      19,
    )
  })

  test('the two Rego templates carry policies that parse', () => {
    const withPolicy = templates.filter((t) => t.metadata.annotations['iam.kubesphere.io/rego-override'])
    assert.deepEqual(withPolicy.map((t) => t.metadata.name).sort(), [
      'global-manage-clusters',
      'global-view-clusters',
    ])
    for (const t of withPolicy) compilePolicy(t.metadata.annotations['iam.kubesphere.io/rego-override'])
  })
})

describe('selection', () => {
  const cases: [string, any, string, string[]][] = [
    [
      'cluster-admin takes every cluster template',
      named(clusterRoles(), 'cluster-admin'),
      'cluster',
      templates
        .filter((t) => t.metadata.labels['iam.kubesphere.io/scope'] === 'cluster')
        .map((t) => t.metadata.name)
        .sort(),
    ],
    [
      'workspace regular',
      embedded('workspace-regular'),
      'workspace',
      [
        'workspace-view-app-repos',
        'workspace-view-members',
        'workspace-view-roles',
        'workspace-view-workspace-settings',
      ],
    ],
    [
      'names without a selector; missing ones skipped',
      { aggregationRoleTemplates: { templateNames: ['global-create-workspaces', 'nope'] } },
      'global',
      ['global-create-workspaces'],
    ],
    [
      'a selector needs the role scope',
      {
        aggregationRoleTemplates: {
          roleSelector: { matchLabels: { 'iam.kubesphere.io/aggregate-to-viewer': '' } },
        },
      },
      'namespace',
      templates
        .filter(
          (t) =>
            t.metadata.labels['iam.kubesphere.io/scope'] === 'namespace' &&
            'iam.kubesphere.io/aggregate-to-viewer' in t.metadata.labels,
        )
        .map((t) => t.metadata.name)
        .sort(),
    ],
    [
      'an invalid selector selects nothing',
      { aggregationRoleTemplates: { roleSelector: { matchExpressions: [{ key: 'x', operator: 'Bogus' }] } } },
      'global',
      [],
    ],
  ]
  for (const [name, role, scope, expected] of cases) {
    test(name, () =>
      assert.deepEqual(
        selectTemplates(role, scope, templates).map((t) => t.metadata.name),
        expected,
      ),
    )
  }
})

describe('aggregate', () => {
  test('platform-admin: names replaced by the selection, rules already cover all, policy merged', () => {
    const role = named(globalRoles(), 'platform-admin')
    const out = aggregate(role, 'global', templates)
    assert.equal(out.changed, true)
    assert.deepEqual(out.rules, role.rules)
    assert.equal(out.templateNames.length, 11)
    assert.ok(!out.templateNames.includes('global-view-basic'))
    const policy = compilePolicy(out.policy!)
    assert.equal(policy.module.rules.length, 3)
    // Stable: aggregating the result changes nothing.
    assert.equal(aggregate(withAggregation(role, out), 'global', templates).changed, false)
  })

  test('workspace viewer gains the application writes of mislabelled templates (upstream quirk)', () => {
    const role = embedded('workspace-viewer')
    assert.equal(allows(role.rules, 'create', 'application.kubesphere.io', 'apps'), false)
    const out = aggregate(role, 'workspace', templates)
    assert.equal(allows(out.rules, 'create', 'application.kubesphere.io', 'apps'), true)
    assert.equal(allows(out.rules, 'delete', 'application.kubesphere.io', 'apps', 'versions'), true)
    assert.equal(allows(out.rules, 'delete', '', 'pods'), false)
    // Appended rules are atoms.
    for (const r of out.rules.slice(role.rules.length)) {
      assert.equal(r.verbs.length, 1)
      assert.equal(r.resources!.length, 1)
    }
  })

  test('workspace regular gets only what its templates grant', () => {
    const out = aggregate(embedded('workspace-regular'), 'workspace', templates)
    assert.equal(allows(out.rules, 'list', 'tenant.kubesphere.io', 'workspaces'), true)
    assert.equal(allows(out.rules, 'get', 'application.kubesphere.io', 'repos', 'events'), true)
    assert.equal(allows(out.rules, 'create', '', 'namespaces'), false)
  })

  test('rules are never removed', () => {
    const role = {
      aggregationRoleTemplates: { templateNames: [] },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
    }
    const out = aggregate(role, 'global', templates)
    assert.deepEqual(out.rules, role.rules)
    assert.equal(out.changed, false)
  })

  test('an unparsable role policy is kept and reported; the rules still aggregate', () => {
    const role = {
      metadata: { annotations: { 'iam.kubesphere.io/rego-override': 'not rego' } },
      aggregationRoleTemplates: { templateNames: ['global-view-clusters'] },
      rules: [],
    }
    const out = aggregate(role, 'global', templates)
    assert.equal(out.policy, 'not rego')
    assert.equal(out.warnings.length, 1)
    assert.ok(out.rules.length > 0)
  })

  test('a custom global role aggregating Cluster Viewing reads pods in every namespace', () => {
    const role = {
      apiVersion: 'iam.kubesphere.io/v1beta1',
      kind: 'GlobalRole',
      metadata: { name: 'viewer' },
      aggregationRoleTemplates: { templateNames: ['global-view-clusters'] },
      rules: [],
    }
    const aggregated = withAggregation(role, aggregate(role, 'global', templates))
    const index = new PolicyIndex()
    index.apply('GlobalRole', 'ADDED', aggregated)
    index.apply('GlobalRoleBinding', 'ADDED', {
      metadata: { name: 'b' },
      roleRef: { kind: 'GlobalRole', name: 'viewer' },
      subjects: [{ kind: 'User', name: 'carol' }],
    })
    const authorizer = new RbacAuthorizer(index)
    const ask = (method: string, path: string) =>
      authorizer.authorize(
        attributesFromRequest(
          { name: 'carol', groups: [] },
          parseRequestInfo(method, path, new URLSearchParams()),
        ),
      ).decision
    // example.io is not among the template's groups: only the Rego policy grants this.
    assert.equal(ask('GET', '/apis/example.io/v1/namespaces/any/things'), 'allow')
    assert.equal(ask('GET', '/api/v1/namespaces/any/pods'), 'allow')
    assert.equal(ask('DELETE', '/api/v1/namespaces/any/pods/p'), 'no-opinion')
    assert.equal(ask('GET', '/kapis/iam.kubesphere.io/v1beta1/users'), 'no-opinion')
  })
})

describe('wantsTemplate', () => {
  const template = {
    metadata: {
      name: 'extra',
      labels: { 'iam.kubesphere.io/scope': 'workspace', 'iam.kubesphere.io/aggregate-to-viewer': '' },
    },
  }
  const cases: [string, any, boolean][] = [
    ['auto-aggregating role with a matching selector', embedded('workspace-viewer'), true],
    ['selector does not match', embedded('workspace-regular'), false],
    [
      'already listed',
      {
        ...embedded('workspace-viewer'),
        aggregationRoleTemplates: {
          ...embedded('workspace-viewer').aggregationRoleTemplates,
          templateNames: ['extra'],
        },
      },
      false,
    ],
    [
      'no auto-aggregate annotation',
      { ...embedded('workspace-viewer'), metadata: { name: 'viewer' } },
      false,
    ],
    ['no selector matches nothing', named(globalRoles(), 'platform-self-provisioner'), false],
  ]
  for (const [name, role, expected] of cases)
    test(name, () => assert.equal(wantsTemplate(role, template), expected))
})
