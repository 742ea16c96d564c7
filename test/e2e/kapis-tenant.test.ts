/**
 * tenant.kubesphere.io over HTTP as several users: a workspace admin sees only its workspaces
 * and namespaces, creating a namespace in a workspace labels it, the workspace template create
 * rules, the clusters list (seed 000: `host`, never a kubeconfig), metrics, resource quotas and
 * the deprecated v1alpha3 reads.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, type TestServer } from '../helpers/server.js'
import { createUser, kapi, kube, login, staticToken, until } from '../helpers/kapis.js'

const T = '/kapis/tenant.kubesphere.io/v1beta1'
let server: TestServer
const tokens: Record<string, string> = {}

const names = (body: any): string[] => body.items.map((i: any) => i.metadata.name).sort()

function template(name: string, manager: string, placement: unknown = { clusters: [{ name: 'host' }] }) {
  return {
    apiVersion: 'tenant.kubesphere.io/v1beta1',
    kind: 'WorkspaceTemplate',
    metadata: { name },
    spec: { template: { spec: { manager } }, ...(placement ? { placement } : {}) },
  }
}

before(async () => {
  server = await startServer()
  await kube(server, 'POST', '/apis/iam.kubesphere.io/v1beta1/globalroles', {
    apiVersion: 'iam.kubesphere.io/v1beta1',
    kind: 'GlobalRole',
    metadata: { name: 'workspace-creator' },
    rules: [
      {
        apiGroups: ['tenant.kubesphere.io'],
        resources: ['workspacetemplates', 'workspaces'],
        verbs: ['create', 'update', 'patch'],
      },
    ],
  })
  for (const name of ['alice', 'bob']) await createUser(server, name)
  await createUser(server, 'carol', { globalrole: 'workspace-creator' })
  for (const name of ['alice', 'bob', 'carol']) tokens[name] = await login(server, name)
  for (const [ws, manager] of [
    ['ws1', 'alice'],
    ['ws2', 'bob'],
  ]) {
    const r = await kapi(server, `POST ${T}/workspacetemplates`, { body: template(ws, manager) })
    assert.equal(r.status, 200, r.text)
  }
  // The workspace controller stamps the roles, binds the manager and creates the Workspace.
  await until(
    async () =>
      (await kapi(server, `GET ${T}/workspaces/{workspace}`, { params: { workspace: 'ws2' } })).status ===
      200,
  )
  await until(
    async () =>
      (await kube(server, 'GET', '/apis/iam.kubesphere.io/v1beta1/workspacerolebindings')).items.length >= 2,
  )
})
after(async () => {
  await server?.dispose()
})

describe('a workspace admin sees only its workspaces and namespaces', () => {
  before(async () => {
    for (const [ns, ws] of [
      ['ws1-a', 'ws1'],
      ['ws2-a', 'ws2'],
    ]) {
      const r = await kapi(server, `POST ${T}/workspaces/{workspace}/namespaces`, {
        params: { workspace: ws },
        body: {
          metadata: { name: ns, annotations: { 'kubesphere.io/creator': ws === 'ws1' ? 'alice' : 'bob' } },
        },
      })
      assert.equal(r.status, 200, r.text)
    }
  })

  test('workspaces and templates: the admin sees all, alice ws1, carol none', async () => {
    for (const route of [`GET ${T}/workspaces`, `GET ${T}/workspacetemplates`]) {
      const all = await kapi(server, route)
      assert.deepEqual(names(all.body), ['system-workspace', 'ws1', 'ws2'], route)
      const alice = await kapi(server, route, { token: tokens['alice'] })
      assert.equal(alice.status, 200)
      assert.deepEqual(names(alice.body), ['ws1'], route)
      assert.equal(alice.body.totalItems, 1)
      const carol = await kapi(server, route, { token: tokens['carol'] })
      assert.deepEqual(carol.body, { items: [], totalItems: 0 }, route)
    }
    const kinds = await kapi(server, `GET ${T}/workspaces`, { token: tokens['alice'] })
    assert.equal(kinds.body.items[0].kind, 'Workspace')
  })

  test('namespaces of a workspace: all of its own, none of another', async () => {
    const own = await kapi(server, `GET ${T}/workspaces/{workspace}/namespaces`, {
      params: { workspace: 'ws1' },
      token: tokens['alice'],
    })
    assert.equal(own.status, 200, own.text)
    assert.deepEqual(names(own.body), ['ws1-a'])
    const other = await kapi(server, `GET ${T}/workspaces/{workspace}/namespaces`, {
      params: { workspace: 'ws2' },
      token: tokens['alice'],
    })
    assert.deepEqual(names(other.body), [])
    const admin = await kapi(server, `GET ${T}/workspaces/{workspace}/namespaces`, {
      params: { workspace: 'ws2' },
    })
    assert.deepEqual(names(admin.body), ['ws2-a'])
  })

  test('the namespace list follows the RoleBindings that name the caller', async () => {
    // The namespace controller binds the creator named in kubesphere.io/creator as admin.
    await until(async () =>
      names((await kapi(server, `GET ${T}/namespaces`, { token: tokens['alice'] })).body).includes('ws1-a'),
    )
    const alice = await kapi(server, `GET ${T}/namespaces`, { token: tokens['alice'] })
    assert.deepEqual(names(alice.body), ['ws1-a'])
    const all = await kapi(server, `GET ${T}/namespaces`)
    assert.ok(names(all.body).includes('ws2-a') && names(all.body).includes('default'))
  })

  test("a member's namespaces of a workspace", async () => {
    const r = await kapi(
      server,
      `GET ${T}/workspaces/{workspace}/workspacemembers/{workspacemember}/namespaces`,
      {
        params: { workspace: 'ws1', workspacemember: 'alice' },
        token: tokens['alice'],
      },
    )
    assert.equal(r.status, 200, r.text)
    assert.deepEqual(names(r.body), ['ws1-a'])
  })

  test('workspace metrics count its roles, bindings and the caller’s namespaces', async () => {
    const r = await kapi(server, `GET ${T}/workspaces/{workspace}/metrics`, {
      params: { workspace: 'ws1' },
      token: tokens['alice'],
    })
    assert.equal(r.status, 200, r.text)
    const m = Object.fromEntries(r.body.results.map((x: any) => [x.metric_name, x.data.result[0].value[1]]))
    const roles = (
      await kube(
        server,
        'GET',
        '/apis/iam.kubesphere.io/v1beta1/workspaceroles?labelSelector=kubesphere.io%2Fworkspace%3Dws1',
      )
    ).items.length
    assert.ok(roles >= 1)
    assert.deepEqual(m, {
      workspace_workspacerolebinding_count: 1,
      workspace_workspacerole_count: roles,
      workspace_namespace_count: 1,
    })
  })

  test('platform metrics as each caller sees them', async () => {
    const metric = (body: any) =>
      Object.fromEntries(body.results.map((x: any) => [x.metric_name, x.data.result[0].value[1]]))
    const admin = metric((await kapi(server, `GET ${T}/metrics`)).body)
    assert.equal(admin['platform_workspace_count'], 3)
    assert.equal(admin['platform_cluster_count'], undefined, 'the host is not labelled kubesphere.io/managed')
    assert.ok(admin['platform_user_count'] >= 4)
    const carol = metric((await kapi(server, `GET ${T}/metrics`, { token: tokens['carol'] })).body)
    assert.equal(carol['platform_workspace_count'], undefined)
    assert.equal(carol['platform_installplan_count'], undefined)
  })
})

describe('namespaces through a workspace', () => {
  const NS = `${T}/workspaces/{workspace}/namespaces/{namespace}`

  test('creating a namespace in a workspace labels it, whatever the body says', async () => {
    const r = await kapi(server, `POST ${T}/workspaces/{workspace}/namespaces`, {
      params: { workspace: 'ws1' },
      body: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'made-by-alice', labels: { 'kubesphere.io/workspace': 'ws2', app: 'x' } },
      },
      token: tokens['alice'],
    })
    assert.equal(r.status, 200, r.text)
    const ns = await kube(server, 'GET', '/api/v1/namespaces/made-by-alice')
    assert.equal(ns.metadata.labels['kubesphere.io/workspace'], 'ws1')
    assert.equal(ns.metadata.labels.app, 'x')
    const again = await kapi(server, `POST ${T}/workspaces/{workspace}/namespaces`, {
      params: { workspace: 'ws1' },
      body: { metadata: { name: 'made-by-alice' } },
      token: tokens['alice'],
    })
    assert.equal(again.status, 409)
  })

  test('get, update, patch and delete see only namespaces of the workspace', async () => {
    const params = { workspace: 'ws1', namespace: 'made-by-alice' }
    const got = await kapi(server, `GET ${NS}`, { params, token: tokens['alice'] })
    assert.equal(got.status, 200)
    const foreign = await kapi(server, `GET ${NS}`, {
      params: { workspace: 'ws2', namespace: 'made-by-alice' },
    })
    assert.equal(foreign.status, 404)

    const put = await kapi(server, `PUT ${NS}`, {
      params,
      body: { ...got.body, metadata: { ...got.body.metadata, labels: { tier: 'gold' } } },
      token: tokens['alice'],
    })
    assert.equal(put.status, 200, put.text)
    assert.deepEqual(put.body.metadata.labels['kubesphere.io/workspace'], 'ws1')
    assert.equal(put.body.metadata.labels.tier, 'gold')

    const patch = await kapi(server, `PATCH ${NS}`, {
      params,
      body: { metadata: { annotations: { note: 'hi' }, labels: { 'kubesphere.io/workspace': 'ws2' } } },
      token: tokens['alice'],
      contentType: 'application/merge-patch+json',
    })
    assert.equal(patch.status, 200, patch.text)
    assert.equal(patch.body.metadata.annotations.note, 'hi')
    assert.equal(patch.body.metadata.labels['kubesphere.io/workspace'], 'ws1')

    const del = await kapi(server, `DELETE ${NS}`, { params, token: tokens['alice'] })
    assert.deepEqual(del.body, { message: 'success' })
    const foreignDelete = await kapi(server, `DELETE ${NS}`, {
      params: { workspace: 'ws2', namespace: 'ws1-a' },
    })
    assert.equal(foreignDelete.status, 404)
    // Bob has no say in ws1's namespaces at all: the authorizer answers first.
    const bob = await kapi(server, `DELETE ${NS}`, {
      params: { workspace: 'ws2', namespace: 'ws1-a' },
      token: tokens['bob'],
    })
    assert.equal(bob.status, 403)
  })
})

describe('workspace templates', () => {
  test('create rules: placement needs the cluster, another manager needs global rights', async () => {
    const denied = await kapi(server, `POST ${T}/workspacetemplates`, {
      body: template('ws-c1', 'carol'),
      token: tokens['carol'],
    })
    assert.equal(denied.status, 403)
    assert.equal(
      denied.body.message,
      'clusters.cluster.kubesphere.io "host" is forbidden: user is not allowed to use the cluster host',
    )
    const missing = await kapi(server, `POST ${T}/workspaces`, {
      body: template('ws-c1', 'carol', { clusters: [{ name: 'nowhere' }] }),
      token: tokens['carol'],
    })
    assert.equal(missing.status, 404)
    const other = await kapi(server, `POST ${T}/workspaces`, {
      body: template('ws-c1', 'bob', {}),
      token: tokens['carol'],
    })
    assert.equal(other.status, 403)
    assert.match(
      other.body.message,
      /^workspacetemplates\.tenant\.kubesphere\.io "ws-c1" is forbidden: reason: /,
    )
    const own = await kapi(server, `POST ${T}/workspaces`, {
      body: template('ws-c1', 'carol', {}),
      token: tokens['carol'],
    })
    assert.equal(own.status, 200, own.text)
    assert.equal(own.body.kind, 'WorkspaceTemplate')
    const exists = await kapi(server, `POST ${T}/workspacetemplates`, {
      body: template('ws-c1', 'carol', {}),
      token: tokens['carol'],
    })
    assert.equal(exists.status, 409)
  })

  test('a cluster-admin member may place workspaces on the cluster', async () => {
    const member = await kapi(server, 'POST /kapis/iam.kubesphere.io/v1beta1/clustermembers', {
      body: [{ username: 'carol', roleRef: 'cluster-admin' }],
    })
    assert.equal(member.status, 200, member.text)
    const placed = await kapi(server, `POST ${T}/workspacetemplates`, {
      body: template('ws-c2', 'carol'),
      token: tokens['carol'],
    })
    assert.equal(placed.status, 200, placed.text)
    await kapi(server, 'DELETE /kapis/iam.kubesphere.io/v1beta1/clustermembers/{clustermember}', {
      params: { clustermember: 'carol' },
    })
  })

  test('update and JSON patch', async () => {
    const params = { workspace: 'ws-c1' }
    const current = await kapi(server, `GET ${T}/workspacetemplates/{workspace}`, { params })
    const renamed = await kapi(server, `PUT ${T}/workspacetemplates/{workspace}`, {
      params,
      body: { ...current.body, metadata: { ...current.body.metadata, name: 'other' } },
    })
    assert.equal(renamed.status, 400)
    // The workspace controller may update the template meanwhile (409): read again and retry.
    let put = { status: 0, text: '', body: undefined as any }
    for (let attempt = 0; attempt < 10 && put.status !== 200; attempt++) {
      const fresh = (await kapi(server, `GET ${T}/workspacetemplates/{workspace}`, { params })).body
      put = await kapi(server, `PUT ${T}/workspaces/{workspace}`, {
        params,
        body: { ...fresh, metadata: { ...fresh.metadata, labels: { team: 'c' } } },
        token: tokens['carol'],
      })
    }
    assert.equal(put.status, 200, put.text)
    assert.equal(put.body.metadata.labels.team, 'c')
    const placeOnHost = await kapi(server, `PUT ${T}/workspaces/{workspace}`, {
      params,
      body: { ...put.body, spec: { ...put.body.spec, placement: { clusters: [{ name: 'host' }] } } },
      token: tokens['carol'],
    })
    assert.equal(placeOnHost.status, 403)

    const jsonPatch = 'application/json-patch+json'
    const replace = await kapi(server, `PATCH ${T}/workspacetemplates/{workspace}`, {
      params,
      body: [{ op: 'replace', path: '/spec/placement', value: {} }],
      contentType: jsonPatch,
    })
    assert.equal(replace.status, 400)
    assert.equal(replace.body.message, 'not support operation type')
    const labels = await kapi(server, `PATCH ${T}/workspaces/{workspace}`, {
      params,
      body: [{ op: 'add', path: '/metadata/labels/team', value: 'd' }],
      contentType: jsonPatch,
      token: tokens['carol'],
    })
    assert.equal(labels.status, 403)
    const add = await kapi(server, `PATCH ${T}/workspacetemplates/{workspace}`, {
      params,
      body: [
        { op: 'add', path: '/spec/placement', value: { clusters: [] } },
        { op: 'add', path: '/spec/placement/clusters/-', value: { name: 'host' } },
      ],
      contentType: jsonPatch,
    })
    assert.equal(add.status, 200, add.text)
    assert.deepEqual(add.body.spec.placement.clusters, [{ name: 'host' }])
    const clusters = await kapi(server, `GET ${T}/workspaces/{workspace}/clusters`, { params })
    assert.deepEqual(names(clusters.body), ['host'])
    assert.equal(clusters.body.items[0].spec?.connection?.kubeconfig, undefined)
  })

  test('delete records the propagation policy and removes the template', async () => {
    const params = { workspace: 'ws-c2' }
    const missing = await kapi(server, `DELETE ${T}/workspacetemplates/{workspace}`, {
      params: { workspace: 'nope' },
      body: {},
    })
    assert.equal(missing.status, 404)
    const r = await kapi(server, `DELETE ${T}/workspacetemplates/{workspace}`, {
      params,
      body: { propagationPolicy: 'Orphan' },
    })
    assert.deepEqual(r.body, { message: 'success' })
    const gone = await kapi(server, `DELETE ${T}/workspaces/{workspace}`, { params: { workspace: 'ws-c1' } })
    assert.deepEqual(gone.body, { message: 'success' })
    await until(
      async () => (await kapi(server, `GET ${T}/workspacetemplates/{workspace}`, { params })).status === 404,
    )
  })
})

describe('clusters (seed 000)', () => {
  test('the admin sees the host cluster, never its kubeconfig', async () => {
    const r = await kapi(server, `GET ${T}/clusters`)
    assert.equal(r.status, 200)
    assert.deepEqual(names(r.body), ['host'])
    assert.equal(r.body.totalItems, 1)
    assert.equal(r.body.items[0].spec?.connection?.kubeconfig, undefined)
    assert.doesNotMatch(r.text, /kubeconfig/)
  })

  test('a user sees the clusters it is bound in', async () => {
    const before = await kapi(server, `GET ${T}/clusters`, { token: tokens['bob'] })
    assert.deepEqual(before.body, { items: [], totalItems: 0 })
    const withRb = await kapi(server, `GET ${T}/clusters`, {
      token: tokens['bob'],
      query: { roleBindingExists: 'true' },
    })
    assert.deepEqual(names(withRb.body), ['host'], 'bob is admin of ws2-a through its creator RoleBinding')
    await kapi(server, 'POST /kapis/iam.kubesphere.io/v1beta1/clustermembers', {
      body: [{ username: 'carol', roleRef: 'cluster-viewer' }],
    })
    const carol = await kapi(server, `GET ${T}/clusters`, { token: tokens['carol'] })
    assert.deepEqual(names(carol.body), ['host'])
  })

  test('a KubeSphere ServiceAccount without bindings gets the seed’s 403', async () => {
    await kube(server, 'POST', '/apis/kubesphere.io/v1alpha1/namespaces/default/serviceaccounts', {
      apiVersion: 'kubesphere.io/v1alpha1',
      kind: 'ServiceAccount',
      metadata: { name: 'sample', namespace: 'default' },
      secrets: [],
    })
    const token = await staticToken(server, 'kubesphere:serviceaccount:default:sample')
    const r = await kapi(server, `GET ${T}/clusters`, {
      token,
      headers: { Accept: 'application/json, text/plain, */*' },
    })
    assert.equal(r.status, 403)
    assert.deepEqual(r.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'clusters.tenant.kubesphere.io is forbidden: User "kubesphere:serviceaccount:default:sample" cannot list resource "clusters" in API group "tenant.kubesphere.io" at the cluster scope',
      reason: 'Forbidden',
      details: { group: 'tenant.kubesphere.io', kind: 'clusters' },
      code: 403,
    })
  })
})

describe('clusters (seed 000): the ServiceAccount bound to platform-admin', () => {
  test('the seed’s GlobalRoleBinding lets the ServiceAccount list the clusters', async () => {
    await kube(server, 'POST', '/apis/iam.kubesphere.io/v1beta1/globalrolebindings', {
      apiVersion: 'iam.kubesphere.io/v1beta1',
      kind: 'GlobalRoleBinding',
      metadata: { labels: { 'iam.kubesphere.io/role-ref': 'platform-admin' }, name: 'sample-platform-admin' },
      roleRef: { apiGroup: 'iam.kubesphere.io', kind: 'GlobalRole', name: 'platform-admin' },
      subjects: [{ apiGroup: 'kubesphere.io', kind: 'ServiceAccount', name: 'sample', namespace: 'default' }],
    })
    const token = await staticToken(server, 'kubesphere:serviceaccount:default:sample')
    await until(async () => (await kapi(server, `GET ${T}/clusters`, { token })).status === 200)
    const r = await kapi(server, `GET ${T}/clusters`, { token })
    assert.deepEqual(names(r.body), ['host'])
    assert.doesNotMatch(r.text, /kubeconfig/)
  })
})

describe('tenant.kubesphere.io/v1alpha3 (deprecated reads)', () => {
  const A = '/kapis/tenant.kubesphere.io/v1alpha3'
  test('/workspaces answers templates; the other reads match v1beta1', async () => {
    const ws = await kapi(server, `GET ${A}/workspaces`, { token: tokens['alice'] })
    assert.deepEqual(names(ws.body), ['ws1'])
    assert.equal(ws.body.items[0].kind, 'WorkspaceTemplate')
    const one = await kapi(server, `GET ${A}/workspaces/{workspace}`, { params: { workspace: 'ws1' } })
    assert.equal(one.body.kind, 'WorkspaceTemplate')
    const templates = await kapi(server, `GET ${A}/workspacetemplates`, { token: tokens['alice'] })
    assert.deepEqual(names(templates.body), ['ws1'])
    const template = await kapi(server, `GET ${A}/workspacetemplates/{workspace}`, {
      params: { workspace: 'ws2' },
    })
    assert.equal(template.body.metadata.name, 'ws2')
    const clusters = await kapi(server, `GET ${A}/clusters`)
    assert.deepEqual(names(clusters.body), ['host'])
    const wsClusters = await kapi(server, `GET ${A}/workspaces/{workspace}/clusters`, {
      params: { workspace: 'ws1' },
    })
    assert.deepEqual(names(wsClusters.body), ['host'])
    const ns = await kapi(server, `GET ${A}/namespaces`, { token: tokens['alice'] })
    assert.deepEqual(names(ns.body), ['ws1-a'])
    const wsNs = await kapi(server, `GET ${A}/workspaces/{workspace}/namespaces`, {
      params: { workspace: 'ws2' },
      token: tokens['bob'],
    })
    assert.deepEqual(names(wsNs.body), ['ws2-a'])
    const getNs = await kapi(server, `GET ${A}/workspaces/{workspace}/namespaces/{namespace}`, {
      params: { workspace: 'ws2', namespace: 'ws2-a' },
    })
    assert.equal(getNs.body.metadata.name, 'ws2-a')
  })
})

describe('workspace resource quotas (quota.kubesphere.io CRD installed)', () => {
  const Q = `${T}/workspaces/{workspace}/resourcequotas`
  before(async () => {
    const missing = await kapi(server, `GET ${Q}/{resourcequota}`, {
      params: { workspace: 'ws1', resourcequota: 'q' },
    })
    assert.equal(missing.status, 404)
    await kube(server, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      metadata: { name: 'resourcequotas.quota.kubesphere.io' },
      spec: {
        group: 'quota.kubesphere.io',
        names: {
          kind: 'ResourceQuota',
          plural: 'resourcequotas',
          singular: 'resourcequota',
          listKind: 'ResourceQuotaList',
        },
        scope: 'Cluster',
        versions: [
          {
            name: 'v1alpha2',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          },
        ],
      },
    })
    await until(
      async () =>
        (
          await fetch(`${server.url}/apis/quota.kubesphere.io/v1alpha2/resourcequotas`, {
            headers: { Authorization: `Bearer ${server.token}` },
          })
        ).ok,
    )
  })

  test('create labels and selects the workspace; other workspaces cannot see it', async () => {
    const body = {
      apiVersion: 'quota.kubesphere.io/v1alpha2',
      kind: 'ResourceQuota',
      metadata: { name: 'ws1-quota' },
      spec: { quota: { hard: { 'limits.cpu': '4' } } },
    }
    const created = await kapi(server, `POST ${Q}`, { params: { workspace: 'ws1' }, body })
    assert.equal(created.status, 200, created.text)
    assert.equal(created.body.metadata.labels['kubesphere.io/workspace'], 'ws1')
    assert.deepEqual(created.body.spec.selector, { 'kubesphere.io/workspace': 'ws1' })
    const params = { workspace: 'ws1', resourcequota: 'ws1-quota' }
    const got = await kapi(server, `GET ${Q}/{resourcequota}`, { params })
    assert.equal(got.status, 200)
    const foreign = await kapi(server, `GET ${Q}/{resourcequota}`, {
      params: { ...params, workspace: 'ws2' },
    })
    assert.equal(foreign.status, 404)
    const put = await kapi(server, `PUT ${Q}/{resourcequota}`, {
      params,
      body: { ...got.body, spec: { quota: { hard: { 'limits.cpu': '8' } }, selector: { other: 'x' } } },
    })
    assert.equal(put.status, 200, put.text)
    assert.equal(put.body.spec.quota.hard['limits.cpu'], '8')
    assert.deepEqual(put.body.spec.selector, { 'kubesphere.io/workspace': 'ws1' })
    const otherDelete = await kapi(server, `DELETE ${Q}/{resourcequota}`, {
      params: { ...params, workspace: 'ws2' },
    })
    assert.equal(otherDelete.status, 404)
    const del = await kapi(server, `DELETE ${Q}/{resourcequota}`, { params })
    assert.deepEqual(del.body, { message: 'success' })
  })
})
