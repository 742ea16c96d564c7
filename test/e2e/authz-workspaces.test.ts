/**
 * Workspaces, stamping and clean-up (authz.md §10.1, §10.2), the always-allowed paths and
 * anonymous callers (§5, §6.8), and the review APIs in discovery.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { kubectlFor, mustKubectl } from '../helpers/kubectl.js'
import { startServer, type TestServer } from '../helpers/server.js'
import { kubectlAs, tokenFor } from '../helpers/users.js'

let server: TestServer
let admin: (args: string[], input?: string) => Promise<string>

async function eventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const start = Date.now()
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) assert.fail(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

const names = async (args: string[]) => (await admin([...args, '-o', 'name'])).split('\n').filter(Boolean)
const json = async (args: string[]) => JSON.parse(await admin([...args, '-o', 'json']))

before(async () => {
  server = await startServer()
  admin = mustKubectl(kubectlFor(server))
})

after(async () => {
  await server?.dispose()
})

describe('first start', () => {
  test('built-in global roles, cluster roles, templates and bindings exist', async () => {
    const globalRoles = await names(['get', 'globalroles'])
    for (const r of [
      'anonymous',
      'authenticated',
      'platform-admin',
      'platform-regular',
      'platform-self-provisioner',
      'pre-registration',
      'ks-console',
    ]) {
      assert.ok(globalRoles.includes(`globalrole.iam.kubesphere.io/${r}`), r)
    }
    assert.deepEqual(await names(['get', 'clusterroles.iam.kubesphere.io']), [
      'clusterrole.iam.kubesphere.io/cluster-admin',
      'clusterrole.iam.kubesphere.io/cluster-viewer',
    ])
    assert.equal((await names(['get', 'roletemplates'])).length, 65)
    assert.equal((await names(['get', 'builtinroles'])).length, 7)
    const adminBinding = await json(['get', 'globalrolebinding', 'admin'])
    assert.deepEqual(adminBinding.roleRef, {
      apiGroup: 'iam.kubesphere.io',
      kind: 'GlobalRole',
      name: 'platform-admin',
    })
    assert.equal(adminBinding.metadata.labels['iam.kubesphere.io/user-ref'], 'admin')
  })

  test('aggregation filled the template lists of the built-in roles', async () => {
    await eventually(
      async () =>
        (await json(['get', 'clusterrole.iam.kubesphere.io', 'cluster-admin'])).aggregationRoleTemplates
          .templateNames.length === 19,
    )
    const viewer = await json(['get', 'clusterrole.iam.kubesphere.io', 'cluster-viewer'])
    assert.ok(viewer.aggregationRoleTemplates.templateNames.includes('cluster-view-nodes'))
    assert.ok(!viewer.aggregationRoleTemplates.templateNames.includes('cluster-view-volumes'))
  })

  test('system-workspace holds the system namespaces, each with the project roles', async () => {
    assert.equal((await json(['get', 'workspace', 'system-workspace'])).spec.manager, 'admin')
    assert.deepEqual(
      await names(['get', 'workspaceroles', '-l', 'kubesphere.io/workspace=system-workspace']),
      [
        'workspacerole.iam.kubesphere.io/system-workspace-admin',
        'workspacerole.iam.kubesphere.io/system-workspace-regular',
        'workspacerole.iam.kubesphere.io/system-workspace-self-provisioner',
        'workspacerole.iam.kubesphere.io/system-workspace-viewer',
      ],
    )
    const binding = await json(['get', 'workspacerolebinding', 'system-workspace-admin'])
    assert.deepEqual(binding.subjects, [{ kind: 'User', apiGroup: 'iam.kubesphere.io', name: 'admin' }])
    for (const ns of ['default', 'kube-system', 'kubesphere-system']) {
      const obj = await json(['get', 'namespace', ns])
      assert.equal(obj.metadata.labels['kubesphere.io/workspace'], 'system-workspace', ns)
      assert.ok(obj.metadata.finalizers.includes('kubesphere.io/cascading-deletion'))
      assert.deepEqual(await names(['get', 'roles.iam.kubesphere.io', '-n', ns]), [
        'role.iam.kubesphere.io/admin',
        'role.iam.kubesphere.io/operator',
        'role.iam.kubesphere.io/viewer',
      ])
    }
  })
})

describe('workspaces', () => {
  test('a WorkspaceTemplate gets its Workspace, stamped roles and the manager binding; deleting it removes them', async () => {
    await admin(
      ['apply', '-f', '-'],
      `apiVersion: tenant.kubesphere.io/v1beta1
kind: WorkspaceTemplate
metadata:
  name: team-a
spec:
  placement: {}
  template:
    spec:
      manager: alice
`,
    )
    await eventually(
      async () =>
        (await names(['get', 'workspaceroles', '-l', 'kubesphere.io/workspace=team-a'])).length === 4,
    )
    await eventually(async () =>
      (await names(['get', 'workspaces'])).includes('workspace.tenant.kubesphere.io/team-a'),
    )
    const binding = await json(['get', 'workspacerolebinding', 'team-a-admin'])
    assert.deepEqual(binding.metadata.labels, {
      'kubesphere.io/workspace': 'team-a',
      'iam.kubesphere.io/user-ref': 'alice',
      'iam.kubesphere.io/role-ref': 'team-a-admin',
    })
    assert.deepEqual(binding.roleRef, {
      apiGroup: 'iam.kubesphere.io',
      kind: 'WorkspaceRole',
      name: 'team-a-admin',
    })
    const viewer = await json(['get', 'workspacerole', 'team-a-viewer'])
    assert.equal(viewer.metadata.annotations['iam.kubesphere.io/auto-aggregate'], 'true')
    await eventually(async () =>
      (await json(['get', 'workspacerole', 'team-a-viewer'])).aggregationRoleTemplates.templateNames.includes(
        'workspace-view-projects',
      ),
    )

    // The manager administers the workspace's namespaces.
    await admin(
      ['create', '-f', '-'],
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a-dev\n  labels:\n    kubesphere.io/workspace: team-a\n',
    )
    const alice = await kubectlAs(server, 'alice')
    await eventually(
      async () =>
        (await alice.run(['create', 'configmap', 'c', '-n', 'team-a-dev', '--from-literal=a=b'])).code === 0,
    )

    await admin(['delete', 'workspacetemplate', 'team-a'])
    await eventually(
      async () =>
        (
          await names([
            'get',
            'workspaceroles,workspacerolebindings,workspaces',
            '-l',
            'kubesphere.io/workspace=team-a',
          ])
        ).length === 0 &&
        !(await names(['get', 'workspaces'])).includes('workspace.tenant.kubesphere.io/team-a'),
    )
    await eventually(async () => (await alice.run(['get', 'configmaps', '-n', 'team-a-dev'])).code !== 0)
  })

  test('long workspace names hash the role names', async () => {
    const ws = 'w'.repeat(60)
    await admin(
      ['apply', '-f', '-'],
      `apiVersion: tenant.kubesphere.io/v1beta1\nkind: WorkspaceTemplate\nmetadata:\n  name: ${ws}\nspec:\n  placement: {}\n  template:\n    spec: {}\n`,
    )
    await eventually(
      async () =>
        (await names(['get', 'workspaceroles', '-l', `kubesphere.io/workspace=${ws}`])).length === 4,
    )
    const roles = await names(['get', 'workspaceroles', '-l', `kubesphere.io/workspace=${ws}`])
    for (const r of roles)
      assert.match(
        r,
        /^workspacerole\.iam\.kubesphere\.io\/(admin|regular|self-provisioner|viewer)\.[0-9a-f]{16}$/,
      )
  })
})

describe('namespaces', () => {
  test('a managed workspace namespace gets the project roles and its creator an admin binding', async () => {
    await admin(
      ['create', '-f', '-'],
      `apiVersion: v1
kind: Namespace
metadata:
  name: proj
  annotations:
    kubesphere.io/creator: dave
  labels:
    kubesphere.io/workspace: system-workspace
    kubesphere.io/managed: "true"
`,
    )
    await eventually(async () => (await names(['get', 'roles.iam.kubesphere.io', '-n', 'proj'])).length === 3)
    const rb = await json(['get', 'rolebindings.iam.kubesphere.io', 'dave-admin', '-n', 'proj'])
    assert.deepEqual(rb.roleRef, { apiGroup: 'iam.kubesphere.io', kind: 'Role', name: 'admin' })
    const dave = await kubectlAs(server, 'dave')
    await eventually(
      async () =>
        (await dave.run(['create', 'configmap', 'x', '-n', 'proj', '--from-literal=a=b'])).code === 0,
    )
  })

  test('a namespace outside every workspace keeps no KubeSphere roles or bindings', async () => {
    await admin(['create', 'namespace', 'plain'])
    await admin(
      ['apply', '-f', '-'],
      `apiVersion: iam.kubesphere.io/v1beta1
kind: RoleBinding
metadata:
  name: stray
  namespace: plain
roleRef:
  apiGroup: iam.kubesphere.io
  kind: Role
  name: admin
subjects:
- apiGroup: iam.kubesphere.io
  kind: User
  name: eve
`,
    )
    // The next reconcile of the namespace removes it.
    await admin(['label', 'namespace', 'plain', 'touched=yes'])
    await eventually(
      async () => (await names(['get', 'rolebindings.iam.kubesphere.io', '-n', 'plain'])).length === 0,
    )
  })

  test('moving a namespace out of its workspace wipes its roles and bindings', async () => {
    await admin(['label', 'namespace', 'proj', 'kubesphere.io/workspace-'])
    await eventually(
      async () =>
        (await names(['get', 'roles.iam.kubesphere.io,rolebindings.iam.kubesphere.io', '-n', 'proj']))
          .length === 0,
    )
    const dave = await kubectlAs(server, 'dave')
    assert.match((await dave.run(['get', 'configmaps', '-n', 'proj'])).stderr, /Forbidden/)
  })

  test('deleting a workspace namespace completes (its finalizer is released)', async () => {
    await admin(
      ['create', '-f', '-'],
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: gone\n  labels:\n    kubesphere.io/workspace: system-workspace\n',
    )
    await eventually(async () =>
      ((await json(['get', 'namespace', 'gone'])).metadata.finalizers ?? []).includes(
        'kubesphere.io/cascading-deletion',
      ),
    )
    await admin(['delete', 'namespace', 'gone', '--timeout=20s'])
    assert.ok(!(await names(['get', 'namespaces'])).includes('namespace/gone'))
  })
})

describe('anonymous callers and always-allowed paths', () => {
  const anon = (path: string, method = 'GET') => fetch(server.url + path, { method })

  test('discovery is denied to anonymous callers with the non-resource message', async () => {
    const r = await anon('/apis')
    assert.equal(r.status, 403)
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff')
    assert.deepEqual(await r.json(), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'forbidden: User "system:anonymous" cannot GET path "/apis"',
      reason: 'Forbidden',
      details: {},
      code: 403,
    })
  })

  const cases: [string, string, boolean][] = [
    ['/version is always allowed', '/version', true],
    ['/healthz is always allowed', '/healthz', true],
    ['/readyz is always allowed', '/readyz', true],
    ['/openapi/v2 is always allowed', '/openapi/v2', true],
    ['the anonymous role reads the OAuth config', '/kapis/config.kubesphere.io/v1alpha2/configs/oauth', true],
    ['/kapis/version is not allow-listed', '/kapis/version', false],
    ['/openapi/v3 sub-paths are not allow-listed', '/openapi/v3/apis/iam.kubesphere.io/v1beta1', false],
    ['resources are not', '/api/v1/namespaces/default/pods', false],
  ]
  for (const [name, path, allowed] of cases) {
    test(name, async () => {
      const r = await anon(path)
      await r.arrayBuffer()
      if (allowed) assert.notEqual(r.status, 403)
      else assert.equal(r.status, 403)
    })
  }

  test('an invalid token is 401 even on paths anonymous callers may use', async () => {
    const r = await fetch(`${server.url}/kapis/config.kubesphere.io/v1alpha2/configs/oauth`, {
      headers: { Authorization: 'Bearer not-a-token' },
    })
    assert.equal(r.status, 401)
  })

  test('logged-in users read discovery and the OpenAPI documents', async () => {
    const token = await tokenFor(server, 'someone')
    for (const path of [
      '/api',
      '/apis',
      '/apis/iam.kubesphere.io/v1beta1',
      '/openapi/v3/apis/iam.kubesphere.io/v1beta1',
    ]) {
      const r = await fetch(server.url + path, { headers: { Authorization: `Bearer ${token}` } })
      await r.arrayBuffer()
      assert.equal(r.status, 200, path)
    }
  })

  test('a path the request-info parser cannot read is a 500 in KubeSphere words', async () => {
    const r = await fetch(`${server.url}/api/v1/watch`, {
      headers: { Authorization: `Bearer ${server.token}` },
    })
    assert.equal(r.status, 500)
    assert.equal(
      await r.text(),
      'Internal Server Error: "/api/v1/watch": failed to crate RequestInfo: unable to determine kind and namespace from url: /api/v1/watch\n',
    )
  })
})

describe('review APIs', () => {
  test('are listed in discovery with the create verb', async () => {
    const resources = await admin([
      'api-resources',
      '--api-group=authorization.k8s.io',
      '-o',
      'wide',
      '--no-headers',
    ])
    for (const name of [
      'selfsubjectaccessreviews',
      'selfsubjectrulesreviews',
      'subjectaccessreviews',
      'localsubjectaccessreviews',
    ]) {
      assert.match(resources, new RegExp(`^${name}\\s.*\\screate\\s*$`, 'm'))
    }
    assert.match(
      await admin(['api-resources', '--api-group=authentication.k8s.io', '--no-headers']),
      /^selfsubjectreviews\s/m,
    )
  })

  test('a review without attributes is 422', async () => {
    const r = await fetch(`${server.url}/apis/authorization.k8s.io/v1/selfsubjectaccessreviews`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ spec: {} }),
    })
    assert.equal(r.status, 422)
    assert.match(
      ((await r.json()) as { message: string }).message,
      /exactly one of nonResourceAttributes or resourceAttributes must be specified/,
    )
  })

  test('a non-resource review uses the HTTP method as verb', async () => {
    const r = await fetch(`${server.url}/apis/authorization.k8s.io/v1/selfsubjectaccessreviews`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${await tokenFor(server, 'someone')}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ spec: { nonResourceAttributes: { path: '/kapis/version', verb: 'get' } } }),
    })
    assert.equal(r.status, 201)
    assert.deepEqual(((await r.json()) as { status: unknown }).status, { allowed: false })
  })
})
