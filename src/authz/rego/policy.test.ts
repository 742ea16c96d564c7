import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { compilePolicy, mergePolicies, policyCovers, RegoError } from './policy.js'

const builtin = (name: string) => readFileSync(new URL(`../builtin/${name}.rego`, import.meta.url), 'utf8')

function input(fields: Record<string, unknown> = {}, user = 'bob') {
  return {
    User: { Name: user, UID: '', Groups: ['system:authenticated'], Extra: null },
    Verb: 'get',
    Cluster: '',
    Workspace: '',
    Namespace: '',
    APIGroup: '',
    APIVersion: 'v1',
    Resource: '',
    Subresource: '',
    Name: '',
    KubernetesRequest: true,
    ResourceRequest: true,
    Path: '',
    ResourceScope: 'Cluster',
    ...fields,
  }
}

describe('the authenticated policy', () => {
  const policy = compilePolicy(builtin('authenticated'))
  const cases: [string, Record<string, unknown>, boolean][] = [
    [
      'own user, any verb',
      { Resource: 'users', Name: 'bob', Verb: 'delete', APIGroup: 'iam.kubesphere.io' },
      true,
    ],
    [
      'own user subresource',
      { Resource: 'users', Name: 'bob', Subresource: 'password', Verb: 'update' },
      true,
    ],
    ['another user', { Resource: 'users', Name: 'alice', Verb: 'get' }, false],
    ['own workspace membership read', { Resource: 'workspacemembers', Name: 'bob', Verb: 'list' }, true],
    ['own membership write', { Resource: 'workspacemembers', Name: 'bob', Verb: 'delete' }, false],
    ['GET /api', { ResourceRequest: false, Path: '/api', Verb: 'GET' }, true],
    ['GET /api/v1', { ResourceRequest: false, Path: '/api/v1', Verb: 'GET' }, true],
    ['GET /apis', { ResourceRequest: false, Path: '/apis', Verb: 'GET' }, false],
    ['POST /api', { ResourceRequest: false, Path: '/api', Verb: 'POST' }, false],
    [
      'tenant read under /kapis',
      { APIGroup: 'tenant.kubesphere.io', KubernetesRequest: false, Verb: 'list', Resource: 'workspaces' },
      true,
    ],
    [
      'tenant read under /apis',
      { APIGroup: 'tenant.kubesphere.io', KubernetesRequest: true, Verb: 'list', Resource: 'workspaces' },
      false,
    ],
    [
      'tenant write under /kapis',
      { APIGroup: 'tenant.kubesphere.io', KubernetesRequest: false, Verb: 'create' },
      false,
    ],
    [
      'own kubectl pod exec',
      {
        Resource: 'pods',
        Subresource: 'exec',
        Verb: 'create',
        Namespace: 'kubesphere-system',
        Name: 'ks-managed-kubectl-bob',
      },
      true,
    ],
    [
      "another user's kubectl pod",
      {
        Resource: 'pods',
        Subresource: 'exec',
        Verb: 'create',
        Namespace: 'kubesphere-system',
        Name: 'ks-managed-kubectl-alice',
      },
      false,
    ],
    [
      'kubectl pod elsewhere',
      {
        Resource: 'pods',
        Subresource: 'exec',
        Verb: 'create',
        Namespace: 'default',
        Name: 'ks-managed-kubectl-bob',
      },
      false,
    ],
    ['pods in general', { Resource: 'pods', Verb: 'list', Namespace: 'default' }, false],
  ]
  for (const [name, fields, expected] of cases) {
    test(name, () => assert.equal(policy.evaluate(input(fields)), expected))
  }
})

describe('scope policies', () => {
  const view = compilePolicy(builtin('global-view-clusters'))
  const manage = compilePolicy(builtin('global-manage-clusters'))
  const admin = compilePolicy(builtin('platform-admin'))
  const cases: [string, Record<string, unknown>, boolean, boolean][] = [
    ['read at namespace scope', { ResourceScope: 'Namespace', Verb: 'list' }, true, true],
    ['write at workspace scope', { ResourceScope: 'Workspace', Verb: 'delete' }, false, true],
    ['read at global scope', { ResourceScope: 'Global', Verb: 'get' }, false, false],
    ['non-resource', { ResourceScope: '', Verb: 'GET', ResourceRequest: false }, false, false],
  ]
  for (const [name, fields, viewAllows, manageAllows] of cases) {
    test(name, () => {
      assert.equal(view.evaluate(input(fields)), viewAllows)
      assert.equal(manage.evaluate(input(fields)), manageAllows)
      assert.equal(admin.evaluate(input(fields)), manageAllows)
    })
  }
})

describe('language subset', () => {
  const cases: [string, string, Record<string, unknown>, boolean][] = [
    ['allow without a value', 'package authz\nallow { input.Verb == "get" }', {}, true],
    ['rego.v1 if syntax', 'package authz\nimport rego.v1\nallow if input.Verb == "get"', {}, true],
    ['if with a body', 'package authz\nallow if {\n  input.Verb != "list"\n}', {}, true],
    ['bracket access', 'package authz\nallow { input["User"]["Name"] == "bob" }', {}, true],
    [
      'membership with in',
      'package authz\nimport future.keywords.in\nallow { input.Verb in ["get", "list"] }',
      {},
      true,
    ],
    [
      'some x in',
      'package authz\nallow { some g in input.User.Groups\n g == "system:authenticated" }',
      {},
      true,
    ],
    [
      'iteration binds a variable',
      'package authz\nallow { input.User.Groups[i] == "system:authenticated"\n i == 0 }',
      {},
      true,
    ],
    ['not', 'package authz\nallow { not input.Verb == "list" }', {}, true],
    ['not of an undefined field', 'package authz\nallow { not input.Missing }', {}, true],
    ['undefined field fails', 'package authz\nallow { input.Missing == "x" }', {}, false],
    ['semicolons', 'package authz\nallow { input.Verb == "get"; input.Resource == "" }', {}, true],
    ['unification binds', 'package authz\nallow { x = input.Verb\n x == "get" }', {}, true],
    ['rule referencing a rule', 'package authz\nok { input.Verb == "get" }\nallow { ok }', {}, true],
    [
      'data reference',
      'package authz\nok = true { input.Verb == "get" }\nallow { data.authz.ok == true }',
      {},
      true,
    ],
    [
      'false default',
      'package authz\ndefault allow = false\nallow = true { input.Verb == "list" }',
      {},
      false,
    ],
    ['a value that is not true', 'package authz\nallow = "yes" { true }', {}, false],
    ['count', 'package authz\nallow { count(input.User.Groups) == 1 }', {}, true],
    ['other package never allows', 'package other\nallow = true { true }', {}, false],
    ['comparison of numbers', 'package authz\nallow { 2 > 1 }', {}, true],
    [
      'membership, collection on the left',
      'package authz\nverbs := ["list", "get"]\nallow { verbs[_] == input.Verb }',
      {},
      true,
    ],
    ['membership that fails', 'package authz\nallow { input.Verb == ["list", "watch"][_] }', {}, false],
    ['membership over an object', 'package authz\nallow { input.User[_] == "bob" }', {}, true],
    ['not-equal against some element', 'package authz\nallow { input.Verb != ["get", "list"][_] }', {}, true],
    ['negated membership', 'package authz\nallow { not input.Verb == ["x", "y"][_] }', {}, true],
    ['membership of an undefined value', 'package authz\nallow { input.Missing == ["x"][_] }', {}, false],
    [
      'multi-line array',
      'package authz\nverbs := [\n  "get",\n  "list",\n]\nallow { input.Verb == verbs[_] }',
      {},
      true,
    ],
  ]
  for (const [name, text, fields, expected] of cases) {
    test(name, () => assert.equal(compilePolicy(text).evaluate(input(fields)), expected))
  }

  test('conflicting values are an evaluation error', () => {
    const p = compilePolicy('package authz\nallow = true { true }\nallow = false { true }')
    assert.throws(() => p.evaluate(input()), RegoError)
  })

  const unsupported: [string, string][] = [
    ['functions', 'package authz\nf(x) = y { y := x }\nallow { f(1) == 1 }'],
    ['partial rules', 'package authz\ndeny[msg] { msg := "x" }'],
    ['with', 'package authz\nallow { true with input as {} }'],
    ['unknown built-ins', 'package authz\nallow { sprintf("%s", ["a"]) == "a" }'],
    ['comprehensions', 'package authz\nallow { xs := [x | x := 1] }'],
    ['no package', 'allow { true }'],
    ['unterminated body', 'package authz\nallow { true'],
    ['folded lines', 'package authz default allow = false allow = true { x := ["a"] input.Verb == x[_] }'],
  ]
  for (const [name, text] of unsupported) {
    test(`rejects ${name}`, () => assert.throws(() => compilePolicy(text), RegoError))
  }
})

describe('merging', () => {
  test('keeps the first package and each distinct rule once', () => {
    const merged = mergePolicies([
      builtin('global-view-clusters'),
      builtin('global-manage-clusters'),
      'not rego',
    ])
    assert.ok(merged.text)
    const policy = compilePolicy(merged.text)
    assert.equal(policy.module.rules.filter((r) => r.isDefault).length, 1)
    assert.equal(policy.module.rules.length, 3)
    assert.equal(merged.skipped.length, 1)
    // The union allows what either allows.
    assert.equal(policy.evaluate(input({ ResourceScope: 'Namespace', Verb: 'delete' })), true)
    assert.equal(policy.evaluate(input({ ResourceScope: 'Global', Verb: 'get' })), false)
  })

  test('coverage compares rule texts', () => {
    const merged = mergePolicies([builtin('global-view-clusters'), builtin('global-manage-clusters')]).text!
    assert.equal(policyCovers(merged, builtin('global-view-clusters')), true)
    assert.equal(policyCovers(builtin('platform-admin'), merged), false)
  })

  test('nothing to merge', () => {
    assert.equal(mergePolicies([]).text, undefined)
  })
})
