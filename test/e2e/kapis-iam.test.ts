/**
 * iam.kubesphere.io/v1beta1 over HTTP as several users: users with a global role, password
 * changes (one's own, not another's), login records, the members of the cluster, a workspace
 * and a namespace (exactly the bindings of kapis.md §8.1, and what they grant, checked with real
 * requests), role templates, subject access reviews, and role listing by scope (§8.2).
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { api, startServer, type TestServer } from '../helpers/server.js'
import { TEST_PASSWORD, createUser, kapi, kube, login, until } from '../helpers/kapis.js'

const I = '/kapis/iam.kubesphere.io/v1beta1'
const T = '/kapis/tenant.kubesphere.io/v1beta1'
let server: TestServer
const tokens: Record<string, string> = {}

/** The object without metadata.resourceVersion: an unconditional update. */
const unversioned = (obj: any) => ({ ...obj, metadata: { ...obj.metadata, resourceVersion: undefined } })
const names = (body: any): string[] => body.items.map((i: any) => i.metadata.name).sort()
const asUser = (name: string, path: string, init: RequestInit = {}) =>
  api(server, path, { ...init, token: tokens[name] })

before(async () => {
  server = await startServer()
  for (const name of ['dave', 'erin', 'frank']) await createUser(server, name)
  for (const name of ['dave', 'erin', 'frank']) tokens[name] = await login(server, name)
  const ws = await kapi(server, `POST ${T}/workspacetemplates`, {
    body: {
      apiVersion: 'tenant.kubesphere.io/v1beta1',
      kind: 'WorkspaceTemplate',
      metadata: { name: 'team' },
      spec: { template: { spec: { manager: 'admin' } }, placement: { clusters: [{ name: 'host' }] } },
    },
  })
  assert.equal(ws.status, 200, ws.text)
  const ns = await kapi(server, `POST ${T}/workspaces/{workspace}/namespaces`, {
    params: { workspace: 'team' },
    body: { metadata: { name: 'team-dev', labels: { 'kubesphere.io/managed': 'true' } } },
  })
  assert.equal(ns.status, 200, ns.text)
  await kube(server, 'POST', '/api/v1/namespaces', { metadata: { name: 'outside' } })
  // Stamped roles: team-viewer (workspace) and admin/viewer (namespace).
  await until(
    async () => (await api(server, '/apis/iam.kubesphere.io/v1beta1/workspaceroles/team-viewer')).ok,
  )
  await until(
    async () => (await api(server, '/apis/iam.kubesphere.io/v1beta1/namespaces/team-dev/roles/admin')).ok,
  )
})
after(async () => {
  await server?.dispose()
})

describe('users', () => {
  test('create with a global role binds it; the password never comes back', async () => {
    const created = await createUser(server, 'gina', { globalrole: 'platform-regular' })
    assert.equal(created.spec.password, undefined)
    const binding = await kube(
      server,
      'GET',
      '/apis/iam.kubesphere.io/v1beta1/globalrolebindings/gina-platform-regular',
    )
    assert.deepEqual(binding.metadata.labels, {
      'iam.kubesphere.io/user-ref': 'gina',
      'iam.kubesphere.io/role-ref': 'platform-regular',
    })
    assert.deepEqual(binding.roleRef, {
      apiGroup: 'iam.kubesphere.io',
      kind: 'GlobalRole',
      name: 'platform-regular',
    })
    assert.deepEqual(binding.subjects, [{ apiGroup: 'iam.kubesphere.io', kind: 'User', name: 'gina' }])
    const stored = await kube(server, 'GET', '/apis/iam.kubesphere.io/v1beta1/users/gina')
    assert.match(stored.spec.password, /^\$2[aby]\$/)
    const missingRole = await kapi(server, `POST ${I}/users`, {
      body: {
        metadata: { name: 'hank', annotations: { 'iam.kubesphere.io/globalrole': 'no-such-role' } },
        spec: { email: 'hank@example.com', password: TEST_PASSWORD },
      },
    })
    assert.equal(missingRole.status, 404)
    assert.equal((await api(server, '/apis/iam.kubesphere.io/v1beta1/users/hank')).status, 404)
    const exists = await kapi(server, `POST ${I}/users`, {
      body: { metadata: { name: 'gina' }, spec: { email: 'g2@example.com', password: TEST_PASSWORD } },
    })
    assert.equal(exists.status, 409)
  })

  test('get and list blank passwords; filters use the v1beta1 semantics', async () => {
    const one = await kapi(server, `GET ${I}/users/{user}`, { params: { user: 'dave' } })
    assert.equal(one.status, 200)
    assert.equal(one.body.spec.password, undefined)
    const all = await kapi(server, `GET ${I}/users`, { query: { sortBy: 'name', ascending: 'true' } })
    assert.ok(all.body.items.every((u: any) => u.spec.password === undefined))
    assert.ok(names(all.body).includes('admin'))
    const byEmail = await kapi(server, `GET ${I}/users`, {
      query: { fieldSelector: 'spec.email=~ERIN@EXAMPLE.COM' },
    })
    assert.deepEqual(names(byEmail.body), ['erin'])
    const byRole = await kapi(server, `GET ${I}/users`, { query: { globalrole: 'platform-admin' } })
    assert.deepEqual(names(byRole.body), ['admin'])
    const missing = await kapi(server, `GET ${I}/users/{user}`, { params: { user: 'nobody' } })
    assert.equal(missing.status, 404)
  })

  test('update keeps the password, applies Active/Disabled, and guards the global role', async () => {
    const current = (await kapi(server, `GET ${I}/users/{user}`, { params: { user: 'frank' } })).body
    const before = await kube(server, 'GET', '/apis/iam.kubesphere.io/v1beta1/users/frank')
    const updated = await kapi(server, `PUT ${I}/users/{user}`, {
      params: { user: 'frank' },
      body: unversioned({
        ...current,
        spec: { ...current.spec, description: 'ops', password: 'Ignored123' },
        status: { state: 'Disabled' },
      }),
    })
    assert.equal(updated.status, 200, updated.text)
    assert.equal(updated.body.spec.description, 'ops')
    assert.equal(updated.body.status.state, 'Disabled')
    const after = await kube(server, 'GET', '/apis/iam.kubesphere.io/v1beta1/users/frank')
    assert.equal(after.spec.password, before.spec.password)
    const enabled = await kapi(server, `PUT ${I}/users/{user}`, {
      params: { user: 'frank' },
      body: unversioned({ ...updated.body, status: { state: 'Active' } }),
    })
    assert.equal(enabled.body.status.state, 'Active')

    // Dave may edit his own profile, but not give himself another global role.
    const self = (
      await kapi(server, `GET ${I}/users/{user}`, { params: { user: 'dave' }, token: tokens['dave'] })
    ).body
    const profile = await kapi(server, `PUT ${I}/users/{user}`, {
      params: { user: 'dave' },
      body: unversioned({ ...self, spec: { ...self.spec, lang: 'en' } }),
      token: tokens['dave'],
    })
    assert.equal(profile.status, 200, profile.text)
    const escalate = await kapi(server, `PUT ${I}/users/{user}`, {
      params: { user: 'dave' },
      body: unversioned({
        ...profile.body,
        metadata: {
          ...profile.body.metadata,
          annotations: { 'iam.kubesphere.io/globalrole': 'platform-admin' },
        },
      }),
      token: tokens['dave'],
    })
    assert.equal(escalate.status, 403)
    assert.equal(
      escalate.body.message,
      'user.iam.kubesphere.io "dave" is forbidden: update global role binding is not allowed',
    )
    const byAdmin = await kapi(server, `PUT ${I}/users/{user}`, {
      params: { user: 'frank' },
      body: unversioned({
        ...enabled.body,
        metadata: {
          ...enabled.body.metadata,
          annotations: { 'iam.kubesphere.io/globalrole': 'platform-regular' },
        },
      }),
    })
    assert.equal(byAdmin.status, 200, byAdmin.text)
    await kube(server, 'GET', '/apis/iam.kubesphere.io/v1beta1/globalrolebindings/frank-platform-regular')
    const mismatch = await kapi(server, `PUT ${I}/users/{user}`, {
      params: { user: 'frank' },
      body: { metadata: { name: 'dave' }, spec: {} },
    })
    assert.equal(mismatch.status, 400)
    const stale = await kapi(server, `PUT ${I}/users/{user}`, {
      params: { user: 'frank' },
      body: { ...current, metadata: { ...current.metadata, resourceVersion: '1' } },
    })
    assert.equal(stale.status, 409)
  })

  test('delete', async () => {
    await createUser(server, 'ivan')
    const r = await kapi(server, `DELETE ${I}/users/{user}`, { params: { user: 'ivan' } })
    assert.deepEqual(r.body, { message: 'success' })
    await until(async () => (await api(server, '/apis/iam.kubesphere.io/v1beta1/users/ivan')).status === 404)
    const again = await kapi(server, `DELETE ${I}/users/{user}`, { params: { user: 'ivan' } })
    assert.equal(again.status, 404)
  })
})

describe('passwords and login records', () => {
  const PW = `PUT ${I}/users/{user}/password`

  test('a user changes its own password with the current one, never another user’s', async () => {
    const wrong = await kapi(server, PW, {
      params: { user: 'erin' },
      body: { currentPassword: 'Wrong1234', password: 'Erin12345' },
      token: tokens['erin'],
    })
    assert.equal(wrong.status, 400)
    assert.equal(wrong.body.message, 'incorrect old password')
    const missing = await kapi(server, PW, {
      params: { user: 'erin' },
      body: { password: 'Erin12345' },
      token: tokens['erin'],
    })
    assert.equal(missing.status, 400)
    const ok = await kapi(server, PW, {
      params: { user: 'erin' },
      body: { currentPassword: TEST_PASSWORD, password: 'Erin12345' },
      token: tokens['erin'],
    })
    assert.deepEqual(ok.body, { message: 'success' })
    await login(server, 'erin', 'Erin12345')
    await assert.rejects(login(server, 'erin', TEST_PASSWORD))

    const other = await kapi(server, PW, {
      params: { user: 'dave' },
      body: { currentPassword: TEST_PASSWORD, password: 'Hacked123' },
      token: tokens['erin'],
    })
    assert.equal(other.status, 403)
    await login(server, 'dave')
  })

  test('a user manager changes any password without the current one; rules still apply', async () => {
    const ok = await kapi(server, PW, { params: { user: 'erin' }, body: { password: 'Reset1234' } })
    assert.deepEqual(ok.body, { message: 'success' })
    await login(server, 'erin', 'Reset1234')
    const weak = await kapi(server, PW, { params: { user: 'erin' }, body: { password: 'short' } })
    assert.equal(weak.status, 422)
    const unknown = await kapi(server, PW, { params: { user: 'nobody' }, body: { password: 'Reset1234' } })
    assert.equal(unknown.status, 404)
  })

  test('login records of a user, newest first', async () => {
    await assert.rejects(login(server, 'dave', 'NotMine123'))
    await until(
      async () =>
        (await kapi(server, `GET ${I}/users/{user}/loginrecords`, { params: { user: 'dave' } })).body
          .totalItems >= 2,
    )
    const r = await kapi(server, `GET ${I}/users/{user}/loginrecords`, {
      params: { user: 'dave' },
      token: tokens['dave'],
    })
    assert.equal(r.status, 200, r.text)
    assert.ok(r.body.items.every((l: any) => l.metadata.labels['iam.kubesphere.io/user-ref'] === 'dave'))
    const times = r.body.items.map((l: any) => l.metadata.creationTimestamp)
    assert.deepEqual(times, [...times].sort().reverse())
    assert.ok(r.body.items.some((l: any) => l.spec.success === false))
    const forbidden = await kapi(server, `GET ${I}/users/{user}/loginrecords`, {
      params: { user: 'dave' },
      token: tokens['erin'],
    })
    assert.equal(forbidden.status, 403)
  })
})

describe('members', () => {
  test('workspace members: the binding of the spec, and what it grants', async () => {
    const denied = await asUser('dave', '/api/v1/namespaces/team-dev/pods')
    assert.equal(denied.status, 403)
    const r = await kapi(server, `POST ${I}/workspaces/{workspace}/workspacemembers`, {
      params: { workspace: 'team' },
      body: [{ username: 'dave', roleRef: 'team-viewer' }],
    })
    assert.equal(r.status, 200, r.text)
    assert.deepEqual(r.body, [{ username: 'dave', roleRef: 'team-viewer' }])
    const b = await kube(
      server,
      'GET',
      '/apis/iam.kubesphere.io/v1beta1/workspacerolebindings/dave-team-viewer',
    )
    assert.deepEqual(b.metadata.labels, {
      'iam.kubesphere.io/user-ref': 'dave',
      'iam.kubesphere.io/role-ref': 'team-viewer',
      'kubesphere.io/workspace': 'team',
    })
    assert.deepEqual(b.roleRef, { apiGroup: 'iam.kubesphere.io', kind: 'WorkspaceRole', name: 'team-viewer' })
    assert.deepEqual(b.subjects, [{ apiGroup: 'iam.kubesphere.io', kind: 'User', name: 'dave' }])

    assert.equal((await asUser('dave', '/api/v1/namespaces/team-dev/pods')).status, 200)
    assert.equal((await asUser('dave', '/api/v1/namespaces/outside/pods')).status, 403)
    const write = await asUser('dave', '/api/v1/namespaces/team-dev/configmaps', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ metadata: { name: 'x' } }),
    })
    assert.equal(write.status, 403)

    const list = await kapi(server, `GET ${I}/workspaces/{workspace}/workspacemembers`, {
      params: { workspace: 'team' },
      query: { workspacerole: 'team-viewer' },
    })
    assert.deepEqual(
      list.body.items.map((u: any) => [
        u.metadata.name,
        u.metadata.annotations['iam.kubesphere.io/workspacerole'],
      ]),
      [['dave', 'team-viewer']],
    )
    const one = await kapi(server, `GET ${I}/workspaces/{workspace}/workspacemembers/{workspacemember}`, {
      params: { workspace: 'team', workspacemember: 'dave' },
      token: tokens['dave'],
    })
    assert.equal(one.status, 200, one.text)
    assert.equal(one.body.metadata.annotations['iam.kubesphere.io/workspacerole'], 'team-viewer')
    assert.equal(one.body.spec.password, undefined)

    // Changing the role replaces the binding; the admin role then allows writes.
    const put = await kapi(server, `PUT ${I}/workspaces/{workspace}/workspacemembers/{workspacemember}`, {
      params: { workspace: 'team', workspacemember: 'dave' },
      body: { username: 'dave', roleRef: 'team-admin' },
    })
    assert.deepEqual(put.body, { message: 'success' })
    assert.equal(
      (await api(server, '/apis/iam.kubesphere.io/v1beta1/workspacerolebindings/dave-team-viewer')).status,
      404,
    )
    await kube(server, 'GET', '/apis/iam.kubesphere.io/v1beta1/workspacerolebindings/dave-team-admin')
    const nowWrite = await asUser('dave', '/api/v1/namespaces/team-dev/configmaps', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ metadata: { name: 'x' } }),
    })
    assert.equal(nowWrite.status, 201)

    const del = await kapi(server, `DELETE ${I}/workspaces/{workspace}/workspacemembers/{workspacemember}`, {
      params: { workspace: 'team', workspacemember: 'dave' },
    })
    assert.deepEqual(del.body, { message: 'success' })
    assert.equal((await asUser('dave', '/api/v1/namespaces/team-dev/pods')).status, 403)
  })

  test('workspace member errors', async () => {
    const foreignRole = await kapi(server, `POST ${I}/workspaces/{workspace}/workspacemembers`, {
      params: { workspace: 'team' },
      body: [{ username: 'dave', roleRef: 'system-workspace-admin' }],
    })
    assert.equal(foreignRole.status, 404)
    const mismatch = await kapi(
      server,
      `PUT ${I}/workspaces/{workspace}/workspacemembers/{workspacemember}`,
      {
        params: { workspace: 'team', workspacemember: 'dave' },
        body: { username: 'erin', roleRef: 'team-viewer' },
      },
    )
    assert.equal(mismatch.status, 400)
    assert.equal(mismatch.body.message, 'incorrect username erin, the username must equal to the member')
    const notMember = await kapi(
      server,
      `PUT ${I}/workspaces/{workspace}/workspacemembers/{workspacemember}`,
      {
        params: { workspace: 'team', workspacemember: 'dave' },
        body: { username: 'dave', roleRef: 'team-viewer' },
      },
    )
    assert.equal(notMember.status, 400)
    assert.equal(notMember.body.message, 'member dave not exist')
    const getNotMember = await kapi(
      server,
      `GET ${I}/workspaces/{workspace}/workspacemembers/{workspacemember}`,
      { params: { workspace: 'team', workspacemember: 'dave' } },
    )
    assert.equal(getNotMember.status, 400)
  })

  test('namespace members: RoleBinding with the user and its ServiceAccount, and what it grants', async () => {
    const r = await kapi(server, `POST ${I}/namespaces/{namespace}/namespacemembers`, {
      params: { namespace: 'team-dev' },
      body: [{ username: 'erin', roleRef: 'viewer' }],
    })
    assert.equal(r.status, 200, r.text)
    const b = await kube(
      server,
      'GET',
      '/apis/iam.kubesphere.io/v1beta1/namespaces/team-dev/rolebindings/erin-viewer',
    )
    assert.deepEqual(b.metadata.labels, {
      'iam.kubesphere.io/user-ref': 'erin',
      'iam.kubesphere.io/role-ref': 'viewer',
    })
    assert.deepEqual(b.roleRef, { apiGroup: 'iam.kubesphere.io', kind: 'Role', name: 'viewer' })
    assert.deepEqual(b.subjects, [
      { apiGroup: 'iam.kubesphere.io', kind: 'User', name: 'erin' },
      { kind: 'ServiceAccount', name: 'kubesphere.users.erin', namespace: 'kubesphere-system' },
    ])
    assert.equal((await asUser('erin', '/api/v1/namespaces/team-dev/configmaps')).status, 200)
    assert.equal((await asUser('erin', '/api/v1/namespaces/outside/configmaps')).status, 403)

    const twice = await kapi(server, `POST ${I}/namespaces/{namespace}/namespacemembers`, {
      params: { namespace: 'team-dev' },
      body: [{ username: 'erin', roleRef: 'viewer' }],
    })
    assert.equal(twice.status, 200)
    const list = await kapi(server, `GET ${I}/namespaces/{namespace}/namespacemembers`, {
      params: { namespace: 'team-dev' },
      query: { role: 'viewer' },
    })
    assert.deepEqual(names(list.body), ['erin'])

    const put = await kapi(server, `PUT ${I}/namespaces/{namespace}/namespacemembers/{namespacemember}`, {
      params: { namespace: 'team-dev', namespacemember: 'erin' },
      body: { username: 'erin', roleRef: 'admin' },
    })
    assert.deepEqual(put.body, { message: 'success' })
    const created = await asUser('erin', '/api/v1/namespaces/team-dev/configmaps', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ metadata: { name: 'by-erin' } }),
    })
    assert.equal(created.status, 201)
    const all = await kube(
      server,
      'GET',
      '/apis/iam.kubesphere.io/v1beta1/namespaces/team-dev/rolebindings?labelSelector=iam.kubesphere.io%2Fuser-ref%3Derin',
    )
    assert.deepEqual(
      all.items.map((x: any) => x.metadata.name),
      ['erin-admin'],
    )

    const missingRole = await kapi(server, `POST ${I}/namespaces/{namespace}/namespacemembers`, {
      params: { namespace: 'team-dev' },
      body: [{ username: 'erin', roleRef: 'nope' }],
    })
    assert.equal(missingRole.status, 404)
    const del = await kapi(server, `DELETE ${I}/namespaces/{namespace}/namespacemembers/{member}`, {
      params: { namespace: 'team-dev', member: 'erin' },
    })
    assert.deepEqual(del.body, { message: 'success' })
    assert.equal((await asUser('erin', '/api/v1/namespaces/team-dev/configmaps')).status, 403)
  })

  test('cluster members: ClusterRoleBinding with the user and its ServiceAccount, and what it grants', async () => {
    // Frank was disabled and enabled again above, which revoked his earlier tokens.
    tokens['frank'] = await login(server, 'frank')
    assert.equal((await asUser('frank', '/api/v1/namespaces/outside/configmaps')).status, 403)
    const r = await kapi(server, `POST ${I}/clustermembers`, {
      body: [{ username: 'frank', roleRef: 'cluster-viewer' }],
    })
    assert.equal(r.status, 200, r.text)
    const b = await kube(
      server,
      'GET',
      '/apis/iam.kubesphere.io/v1beta1/clusterrolebindings/frank-cluster-viewer',
    )
    assert.deepEqual(b.metadata.labels, {
      'iam.kubesphere.io/user-ref': 'frank',
      'iam.kubesphere.io/role-ref': 'cluster-viewer',
    })
    assert.deepEqual(b.roleRef, {
      apiGroup: 'iam.kubesphere.io',
      kind: 'ClusterRole',
      name: 'cluster-viewer',
    })
    assert.deepEqual(b.subjects, [
      { apiGroup: 'iam.kubesphere.io', kind: 'User', name: 'frank' },
      { kind: 'ServiceAccount', name: 'kubesphere.users.frank', namespace: 'kubesphere-system' },
    ])
    assert.equal((await asUser('frank', '/api/v1/namespaces/outside/configmaps')).status, 200)
    assert.equal((await asUser('frank', '/api/v1/pods')).status, 200)
    const write = await asUser('frank', '/api/v1/namespaces/outside/configmaps', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ metadata: { name: 'x' } }),
    })
    assert.equal(write.status, 403)

    const list = await kapi(server, `GET ${I}/clustermembers`, { query: { clusterrole: 'cluster-viewer' } })
    assert.deepEqual(
      list.body.items.map((u: any) => [
        u.metadata.name,
        u.metadata.annotations['iam.kubesphere.io/clusterrole'],
      ]),
      [['frank', 'cluster-viewer']],
    )
    const put = await kapi(server, `PUT ${I}/clustermembers/{clustermember}`, {
      params: { clustermember: 'frank' },
      body: { username: 'frank', roleRef: 'cluster-admin' },
    })
    assert.deepEqual(put.body, { message: 'success' })
    const created = await asUser('frank', '/api/v1/namespaces/outside/configmaps', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ metadata: { name: 'by-frank' } }),
    })
    assert.equal(created.status, 201)
    const del = await kapi(server, `DELETE ${I}/clustermembers/{clustermember}`, {
      params: { clustermember: 'frank' },
    })
    assert.deepEqual(del.body, { message: 'success' })
    assert.equal((await asUser('frank', '/api/v1/namespaces/outside/configmaps')).status, 403)
  })
})

describe('role templates and access reviews', () => {
  test('a user reads its own role templates; another needs user rights', async () => {
    await kapi(server, `POST ${I}/workspaces/{workspace}/workspacemembers`, {
      params: { workspace: 'team' },
      body: [{ username: 'erin', roleRef: 'team-viewer' }],
    })
    const role = await kube(server, 'GET', '/apis/iam.kubesphere.io/v1beta1/workspaceroles/team-viewer')
    const want: string[] = (role.aggregationRoleTemplates?.templateNames ?? []).slice().sort()
    const r = await kapi(server, `GET ${I}/users/{username}/roletemplates`, {
      params: { username: 'erin' },
      query: { scope: 'workspace', workspace: 'team' },
      token: tokens['erin'],
    })
    assert.equal(r.status, 200, r.text)
    assert.ok(want.length > 0)
    assert.deepEqual(names(r.body), want)
    const global = await kapi(server, `GET ${I}/users/{username}/roletemplates`, {
      params: { username: 'admin' },
      query: { scope: 'global' },
    })
    assert.equal(global.status, 200)
    const none = await kapi(server, `GET ${I}/users/{username}/roletemplates`, {
      params: { username: 'erin' },
      query: { scope: 'other' },
      token: tokens['erin'],
    })
    assert.deepEqual(none.body, { items: [], totalItems: 0 })
    const other = await kapi(server, `GET ${I}/users/{username}/roletemplates`, {
      params: { username: 'erin' },
      query: { scope: 'workspace', workspace: 'team' },
      token: tokens['dave'],
    })
    assert.equal(other.status, 403)
  })

  test('subject access reviews, one and a list, in order', async () => {
    const review = (user: string, resourceAttributes: Record<string, string>) => ({
      apiVersion: 'iam.kubesphere.io/v1beta1',
      kind: 'SubjectAccessReview',
      spec: { user, groups: ['system:authenticated'], resourceAttributes },
    })
    const one = await kapi(server, `POST ${I}/subjectaccessreviews`, {
      body: review('erin', { namespace: 'team-dev', verb: 'list', version: 'v1', resource: 'pods' }),
    })
    assert.equal(one.status, 200, one.text)
    assert.equal(one.body.kind, 'SubjectAccessReview')
    assert.equal(one.body.status.allowed, true)
    assert.match(
      one.body.status.reason,
      /^RBAC: allowed by GlobalRoleBinding "erin-team-viewer" of WorkspaceRole "team-viewer" to User "erin"$/,
    )
    const many = await kapi(server, `POST ${I}/subjectaccessreviews`, {
      body: {
        items: [
          review('erin', { namespace: 'team-dev', verb: 'delete', version: 'v1', resource: 'pods' }),
          review('admin', {
            verb: 'list',
            resource: 'users',
            group: 'iam.kubesphere.io',
            resourceScope: 'Global',
          }),
          {
            spec: {
              user: 'erin',
              nonResourceAttributes: { path: '/api', verb: 'GET' },
              groups: ['system:authenticated'],
            },
          },
        ],
      },
    })
    assert.equal(many.status, 200, many.text)
    assert.deepEqual(many.body.metadata, {})
    assert.deepEqual(
      many.body.items.map((i: any) => i.status.allowed),
      [false, true, true],
    )
    assert.equal(many.body.items[0].status.reason, undefined)
    const empty = await kapi(server, `POST ${I}/subjectaccessreviews`, { body: { items: [] } })
    assert.deepEqual(empty.body.items, [])
    const bad = await kapi(server, `POST ${I}/subjectaccessreviews`, { body: { spec: { user: 7 } } })
    assert.equal(bad.status, 400)
    const forbidden = await kapi(server, `POST ${I}/subjectaccessreviews`, {
      body: review('erin', { verb: 'get', resource: 'pods' }),
      token: tokens['erin'],
    })
    assert.equal(forbidden.status, 403)
  })

  test('roles and bindings per scope through the generic fallback (kapis.md §8.2)', async () => {
    const wsRoles = await asUser('erin', `${I}/workspaces/team/workspaceroles`)
    assert.equal(wsRoles.status, 200)
    const body: any = await wsRoles.json()
    assert.equal(body.kind, 'WorkspaceRoleList')
    assert.ok(
      body.items.length > 0 &&
        body.items.every((r: any) => r.metadata.labels['kubesphere.io/workspace'] === 'team'),
    )
    const nsRoles: any = await (
      await api(server, `${I}/namespaces/team-dev/roles?sortBy=name&ascending=true`)
    ).json()
    assert.deepEqual(
      nsRoles.items.map((r: any) => r.metadata.name),
      ['admin', 'operator', 'viewer'],
    )
    const templates: any = await (
      await api(server, `${I}/roletemplates?labelSelector=iam.kubesphere.io%2Fscope%3Dnamespace&limit=5`)
    ).json()
    assert.ok(
      templates.items.length === 5 &&
        templates.items.every((t: any) => t.metadata.labels['iam.kubesphere.io/scope'] === 'namespace'),
    )
    const bindings: any = await (await api(server, `${I}/globalrolebindings/admin`)).json()
    assert.equal(bindings.roleRef.name, 'platform-admin')
    const forbidden = await asUser('dave', `${I}/workspaces/team/workspaceroles`)
    assert.equal(forbidden.status, 403)
  })
})
