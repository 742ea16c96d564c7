/**
 * KubeSphere RBAC over the four scopes with the real kubectl, one user per scope (authz.md §6):
 * a user without a binding is denied with the message of that scope; a binding of the seed's
 * shape allows, only inside its scope; removing it takes effect within a second; escalation
 * is refused; `kubectl auth can-i` and `whoami` agree with what happens.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { kubectlFor, mustKubectl, type KubectlResult } from '../helpers/kubectl.js'
import { startServer, type TestServer } from '../helpers/server.js'
import { kubectlAs, tokenFor } from '../helpers/users.js'

let server: TestServer
let admin: (args: string[], input?: string) => Promise<string>

type As = Awaited<ReturnType<typeof kubectlAs>>
const users: Record<string, As> = {}

const forbidden = (r: KubectlResult) => /Error from server \(Forbidden\)/.test(r.stderr)

function binding(
  kind: string,
  name: string,
  roleKind: string,
  role: string,
  user: string,
  extra = '',
): string {
  return `apiVersion: iam.kubesphere.io/v1beta1
kind: ${kind}
metadata:
  name: ${name}
  labels:
    iam.kubesphere.io/role-ref: ${role}
    iam.kubesphere.io/user-ref: ${user}${extra}
roleRef:
  apiGroup: iam.kubesphere.io
  kind: ${roleKind}
  name: ${role}
subjects:
- apiGroup: iam.kubesphere.io
  kind: User
  name: ${user}
`
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<number> {
  const start = Date.now()
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) assert.fail(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 20))
  }
  return Date.now() - start
}

before(async () => {
  server = await startServer()
  admin = mustKubectl(kubectlFor(server))
  for (const ws of ['ws1', 'ws2']) {
    await admin(
      ['apply', '-f', '-'],
      `apiVersion: tenant.kubesphere.io/v1beta1
kind: WorkspaceTemplate
metadata:
  name: ${ws}
spec:
  placement: {}
  template:
    spec: {}
`,
    )
  }
  for (const [ns, ws] of [
    ['ns1', 'ws1'],
    ['ns2', 'ws2'],
  ]) {
    await admin(
      ['apply', '-f', '-'],
      `apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
  labels:
    kubesphere.io/workspace: ${ws}
    kubesphere.io/managed: "true"
`,
    )
  }
  await admin(['create', 'namespace', 'loose'])
  for (const ns of ['ns1', 'ns2', 'loose'])
    await admin(['create', 'configmap', 'existing', '-n', ns, '--from-literal=k=v'])
  // The stamped roles the bindings below reference.
  await eventually(async () => /ws1-admin/.test(await admin(['get', 'workspaceroles', '-o', 'name'])))
  await eventually(async () =>
    /role.iam.kubesphere.io\/admin/.test(
      await admin(['get', 'roles.iam.kubesphere.io', '-n', 'ns1', '-o', 'name']),
    ),
  )
  for (const u of ['alice', 'bob', 'carol', 'dave', 'grace']) users[u] = await kubectlAs(server, u)
})

after(async () => {
  await server?.dispose()
})

describe('global scope: alice', () => {
  test('denied without a binding, with the global (cluster-scope) wording', async () => {
    const r = await users.alice.run(['get', 'globalroles.iam.kubesphere.io'])
    assert.match(
      r.stderr,
      /globalroles\.iam\.kubesphere\.io is forbidden: User "alice" cannot list resource "globalroles" in API group "iam\.kubesphere\.io" at the cluster scope/,
    )
  })

  test('a GlobalRole aggregating Role Viewing lets her read global roles, nothing more', async () => {
    await admin(
      ['apply', '-f', '-'],
      `apiVersion: iam.kubesphere.io/v1beta1
kind: GlobalRole
metadata:
  name: roles-viewer
aggregationRoleTemplates:
  templateNames:
  - global-view-roles
rules: []
`,
    )
    await admin(
      ['apply', '-f', '-'],
      binding('GlobalRoleBinding', 'alice-roles-viewer', 'GlobalRole', 'roles-viewer', 'alice'),
    )
    await eventually(async () => !forbidden(await users.alice.run(['get', 'globalroles.iam.kubesphere.io'])))
    const del = await users.alice.run(['delete', 'globalroles.iam.kubesphere.io', 'platform-admin'])
    assert.match(
      del.stderr,
      /globalroles\.iam\.kubesphere\.io "platform-admin" is forbidden: User "alice" cannot delete resource "globalroles" in API group "iam\.kubesphere\.io" at the cluster scope/,
    )
    const pods = await users.alice.run(['get', 'pods', '-A'])
    assert.match(
      pods.stderr,
      /pods is forbidden: User "alice" cannot list resource "pods" in API group "" at the cluster scope/,
    )
  })
})

describe('workspace scope: bob', () => {
  test('denied without a binding, in the namespace and at workspace scope', async () => {
    const r = await users.bob.run(['get', 'configmaps', '-n', 'ns1'])
    assert.match(
      r.stderr,
      /configmaps is forbidden: User "bob" cannot list resource "configmaps" in API group "" in the namespace "ns1"/,
    )
    const token = await tokenFor(server, 'bob')
    const res = await fetch(`${server.url}/kapis/iam.kubesphere.io/v1beta1/workspaces/ws1/workspacemembers`, {
      headers: { Authorization: `Bearer ${token}` },
    })
    assert.equal(res.status, 403)
    assert.equal(
      ((await res.json()) as { message: string }).message,
      'workspacemembers.iam.kubesphere.io is forbidden: User "bob" cannot list resource "workspacemembers" in API group "iam.kubesphere.io" at the cluster scope',
    )
  })

  test('as ws1-admin he reaches the namespaces of ws1 only', async () => {
    await admin(
      ['apply', '-f', '-'],
      binding(
        'WorkspaceRoleBinding',
        'bob-ws1-admin',
        'WorkspaceRole',
        'ws1-admin',
        'bob',
        '\n    kubesphere.io/workspace: ws1',
      ),
    )
    await eventually(async () => !forbidden(await users.bob.run(['get', 'configmaps', '-n', 'ns1'])))
    await users.bob.must(['create', 'configmap', 'by-bob', '-n', 'ns1', '--from-literal=a=b'])
    await users.bob.must(['delete', 'configmap', 'existing', '-n', 'ns1'])
    const other = await users.bob.run(['create', 'configmap', 'by-bob', '-n', 'ns2', '--from-literal=a=b'])
    assert.match(
      other.stderr,
      /configmaps is forbidden: User "bob" cannot create resource "configmaps" in API group "" in the namespace "ns2"/,
    )
    assert.ok(forbidden(await users.bob.run(['get', 'configmaps', '-n', 'loose'])))
    assert.ok(forbidden(await users.bob.run(['get', 'configmaps', '-A'])))
    const token = await tokenFor(server, 'bob')
    const ws = (w: string) =>
      fetch(`${server.url}/kapis/iam.kubesphere.io/v1beta1/workspaces/${w}/workspacemembers`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    assert.notEqual((await ws('ws1')).status, 403)
    assert.equal((await ws('ws2')).status, 403)
  })
})

describe('cluster scope: carol', () => {
  test('denied without a binding', async () => {
    const r = await users.carol.run(['get', 'pods', '-A'])
    assert.match(
      r.stderr,
      /pods is forbidden: User "carol" cannot list resource "pods" in API group "" at the cluster scope/,
    )
  })

  test('as cluster-viewer she reads every namespace but writes nothing and sees no global resource', async () => {
    await admin(
      ['apply', '-f', '-'],
      binding('ClusterRoleBinding', 'carol-cluster-viewer', 'ClusterRole', 'cluster-viewer', 'carol'),
    )
    await eventually(async () => !forbidden(await users.carol.run(['get', 'pods', '-A'])))
    for (const ns of ['ns1', 'ns2', 'loose', 'kube-system'])
      await users.carol.must(['get', 'configmaps', '-n', ns])
    const del = await users.carol.run(['delete', 'configmap', 'existing', '-n', 'ns2'])
    assert.match(
      del.stderr,
      /configmaps "existing" is forbidden: User "carol" cannot delete resource "configmaps" in API group "" in the namespace "ns2"/,
    )
    assert.ok(forbidden(await users.carol.run(['get', 'globalroles.iam.kubesphere.io'])))
  })
})

describe('namespace scope: dave', () => {
  test('denied without a binding', async () => {
    const r = await users.dave.run(['get', 'secrets', '-n', 'ns1'])
    assert.match(
      r.stderr,
      /secrets is forbidden: User "dave" cannot list resource "secrets" in API group "" in the namespace "ns1"/,
    )
  })

  test('as admin of ns1 he is still denied in ns2; removing the binding takes effect within a second', async () => {
    const rb = binding('RoleBinding', 'dave-admin', 'Role', 'admin', 'dave').replace(
      'metadata:\n',
      'metadata:\n  namespace: ns1\n',
    )
    await admin(['apply', '-f', '-'], rb)
    await eventually(async () => !forbidden(await users.dave.run(['get', 'secrets', '-n', 'ns1'])))
    await users.dave.must(['create', 'configmap', 'by-dave', '-n', 'ns1', '--from-literal=a=b'])
    const other = await users.dave.run(['get', 'configmaps', '-n', 'ns2'])
    assert.match(
      other.stderr,
      /configmaps is forbidden: User "dave" cannot list resource "configmaps" in API group "" in the namespace "ns2"/,
    )
    assert.ok(forbidden(await users.dave.run(['get', 'pods', '-A'])))

    const token = await tokenFor(server, 'dave')
    const status = async () =>
      (
        await fetch(`${server.url}/api/v1/namespaces/ns1/secrets`, {
          headers: { Authorization: `Bearer ${token}` },
        })
      ).status
    assert.equal(await status(), 200)
    await admin(['delete', 'rolebindings.iam.kubesphere.io', 'dave-admin', '-n', 'ns1'])
    const ms = await eventually(async () => (await status()) === 403, 1000)
    assert.ok(ms < 1000, `revoked in ${ms} ms`)
    await admin(['apply', '-f', '-'], rb)
    await eventually(async () => (await status()) === 200)
  })
})

describe('escalation: grace may manage roles in ns1 but holds little else', () => {
  before(async () => {
    await admin(
      ['apply', '-f', '-'],
      `apiVersion: iam.kubesphere.io/v1beta1
kind: Role
metadata:
  name: rbac-manager
  namespace: ns1
rules:
- apiGroups: ["iam.kubesphere.io"]
  resources: ["roles", "rolebindings"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["pods", "configmaps"]
  verbs: ["get", "list"]
`,
    )
    await admin(
      ['apply', '-f', '-'],
      binding('RoleBinding', 'grace-rbac-manager', 'Role', 'rbac-manager', 'grace').replace(
        'metadata:\n',
        'metadata:\n  namespace: ns1\n',
      ),
    )
    await eventually(
      async () => !forbidden(await users.grace.run(['get', 'roles.iam.kubesphere.io', '-n', 'ns1'])),
    )
  })

  const role = (name: string, verbs: string) => `apiVersion: iam.kubesphere.io/v1beta1
kind: Role
metadata:
  name: ${name}
  namespace: ns1
rules:
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: [${verbs}]
`

  test('she cannot create a role granting more than she holds', async () => {
    const r = await users.grace.run(['create', '-f', '-'], role('deleter', '"delete"'))
    assert.match(
      r.stderr,
      /roles\.iam\.kubesphere\.io "deleter" is forbidden: user "grace" \(groups=\["system:authenticated"\]\) is attempting to grant RBAC permissions not currently held:\n\{APIGroups:\[""\], Resources:\["configmaps"\], Verbs:\["delete"\]\}/,
    )
  })

  test('she cannot bind herself to a role granting more than she holds', async () => {
    const r = await users.grace.run(
      ['create', '-f', '-'],
      binding('RoleBinding', 'grace-admin', 'Role', 'admin', 'grace').replace(
        'metadata:\n',
        'metadata:\n  namespace: ns1\n',
      ),
    )
    assert.match(
      r.stderr,
      /rolebindings\.iam\.kubesphere\.io "grace-admin" is forbidden: user "grace" .* is attempting to grant RBAC permissions not currently held/,
    )
    const cluster = await users.grace.run(
      ['create', '-f', '-'],
      binding('RoleBinding', 'grace-ca', 'ClusterRole', 'cluster-admin', 'grace').replace(
        'metadata:\n',
        'metadata:\n  namespace: ns1\n',
      ),
    )
    assert.ok(forbidden(cluster))
    assert.ok(forbidden(await users.grace.run(['delete', 'configmap', 'existing', '-n', 'ns1'])))
  })

  test('within what she holds she may create roles and bind them', async () => {
    await users.grace.must(['create', '-f', '-'], role('reader', '"get"'))
    await users.grace.must(
      ['create', '-f', '-'],
      binding('RoleBinding', 'bob-reader', 'Role', 'reader', 'bob').replace(
        'metadata:\n',
        'metadata:\n  namespace: ns1\n',
      ),
    )
  })

  test('the bind and escalate verbs lift the check', async () => {
    await admin(
      ['apply', '-f', '-'],
      `apiVersion: iam.kubesphere.io/v1beta1
kind: Role
metadata:
  name: rbac-manager
  namespace: ns1
rules:
- apiGroups: ["iam.kubesphere.io"]
  resources: ["roles", "rolebindings"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["pods", "configmaps"]
  verbs: ["get", "list"]
- apiGroups: ["iam.kubesphere.io"]
  resources: ["roles"]
  verbs: ["bind"]
  resourceNames: ["admin"]
- apiGroups: ["iam.kubesphere.io"]
  resources: ["roles"]
  verbs: ["escalate"]
  resourceNames: ["deleter"]
`,
    )
    await eventually(
      async () => (await users.grace.run(['create', '-f', '-'], role('deleter', '"delete"'))).code === 0,
    )
    await users.grace.must(
      ['create', '-f', '-'],
      binding('RoleBinding', 'carol-admin', 'Role', 'admin', 'carol').replace(
        'metadata:\n',
        'metadata:\n  namespace: ns1\n',
      ),
    )
    // bind on admin does not cover other roles.
    assert.ok(
      forbidden(
        await users.grace.run(
          ['create', '-f', '-'],
          binding('RoleBinding', 'grace-operator', 'Role', 'operator', 'grace').replace(
            'metadata:\n',
            'metadata:\n  namespace: ns1\n',
          ),
        ),
      ),
    )
  })
})

describe('kubectl auth agrees with what happens', () => {
  test('whoami', async () => {
    const out = await users.dave.must(['auth', 'whoami'])
    assert.match(out, /^Username\s+dave$/m)
    assert.match(out, /^Groups\s+\[system:authenticated\]$/m)
  })

  const probes: [string, string[], string[]][] = [
    [
      'dave',
      ['create', 'configmaps', '-n', 'ns1'],
      ['create', 'configmap', 'probe-d1', '-n', 'ns1', '--from-literal=a=b'],
    ],
    ['dave', ['list', 'configmaps', '-n', 'ns2'], ['get', 'configmaps', '-n', 'ns2']],
    ['bob', ['delete', 'configmaps/by-bob', '-n', 'ns1'], ['delete', 'configmap', 'by-bob', '-n', 'ns1']],
    ['bob', ['list', 'secrets', '-n', 'loose'], ['get', 'secrets', '-n', 'loose']],
    ['carol', ['list', 'pods', '-A'], ['get', 'pods', '-A']],
    [
      'carol',
      ['delete', 'configmaps/existing', '-n', 'loose'],
      ['delete', 'configmap', 'existing', '-n', 'loose'],
    ],
    ['carol', ['list', 'globalroles.iam.kubesphere.io'], ['get', 'globalroles.iam.kubesphere.io']],
    ['alice', ['list', 'users.iam.kubesphere.io'], ['get', 'users.iam.kubesphere.io']],
    [
      'alice',
      ['delete', 'globalroles.iam.kubesphere.io/roles-viewer'],
      ['delete', 'globalroles.iam.kubesphere.io', 'roles-viewer'],
    ],
    ['alice', ['list', 'globalroles.iam.kubesphere.io'], ['get', 'globalroles.iam.kubesphere.io']],
    ['grace', ['get', 'configmaps/existing', '-n', 'ns1'], ['get', 'configmap', 'existing', '-n', 'ns1']],
  ]
  for (const [user, canI, actual] of probes) {
    test(`${user}: can-i ${canI.join(' ')}`, async () => {
      const answer = (await users[user].run(['auth', 'can-i', ...canI])).stdout.trim()
      const r = await users[user].run(actual)
      assert.equal(
        answer === 'yes',
        !forbidden(r),
        `can-i said ${answer}; the request ${r.code === 0 ? 'succeeded' : 'failed'}: ${r.stderr}`,
      )
    })
  }

  test('can-i --list shows the namespace admin everything in ns1 and says the list is incomplete', async () => {
    const r = await users.dave.run(['auth', 'can-i', '--list', '-n', 'ns1'])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /^\*\.\*\s+\[\]\s+\[\]\s+\[\*\]$/m)
    assert.match(r.stdout, /selfsubjectaccessreviews\.authorization\.k8s\.io/)
    assert.match(r.stderr, /incomplete: the rego policy of GlobalRole "authenticated"/)
    const ns2 = await users.dave.run(['auth', 'can-i', '--list', '-n', 'ns2'])
    assert.doesNotMatch(ns2.stdout, /^\*\.\*/m)
  })

  test('SubjectAccessReview and LocalSubjectAccessReview for another user need permission and tell the truth', async () => {
    const sar = (ns: string) => `apiVersion: authorization.k8s.io/v1
kind: SubjectAccessReview
spec:
  user: dave
  groups: ["system:authenticated"]
  resourceAttributes:
    namespace: ${ns}
    verb: delete
    resource: configmaps
`
    const yes = JSON.parse(await admin(['create', '-f', '-', '-o', 'json'], sar('ns1')))
    assert.deepEqual(yes.status, {
      allowed: true,
      reason: 'RBAC: allowed by RoleBinding "dave-admin/ns1" of Role "admin" to User "dave"',
    })
    const no = JSON.parse(await admin(['create', '-f', '-', '-o', 'json'], sar('ns2')))
    assert.deepEqual(no.status, { allowed: false })
    const local = JSON.parse(
      await admin(
        ['create', '-f', '-', '-o', 'json'],
        sar('ns1').replace(
          'kind: SubjectAccessReview',
          'kind: LocalSubjectAccessReview\nmetadata:\n  namespace: ns1',
        ),
      ),
    )
    assert.equal(local.status.allowed, true)
    const denied = await users.dave.run(['create', '-f', '-'], sar('ns1'))
    assert.match(
      denied.stderr,
      /subjectaccessreviews\.authorization\.k8s\.io is forbidden: User "dave" cannot create resource "subjectaccessreviews" in API group "authorization\.k8s\.io" at the cluster scope/,
    )
  })
})
