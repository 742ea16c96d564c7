/**
 * The platform routes over HTTP: version, config.kubesphere.io/v1alpha2, cluster.kubesphere.io
 * in the single-cluster mode, the `/clusters/{name}` prefix, routing errors and the generic
 * `/kapis/{group}/{version}` fallback.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, api, type TestServer } from '../helpers/server.js'
import { json, kapi, kube, until } from '../helpers/kapis.js'

let server: TestServer

before(async () => {
  server = await startServer()
})
after(async () => {
  await server?.dispose()
})

const b64 = (s: string) => Buffer.from(s).toString('base64')
const KUBECONFIG = b64(
  'apiVersion: v1\nkind: Config\nclusters:\n- name: m\n  cluster: {server: "https://m:6443"}\n',
)

describe('version', () => {
  test('/kapis/version is the KubeSphere document with the Kubernetes version nested', async () => {
    const r = await kapi(server, 'GET /kapis/version')
    assert.equal(r.status, 200)
    assert.match(r.body.gitVersion, /^v\d+\.\d+\.\d+/)
    assert.equal(typeof r.body.gitMajor, 'string')
    assert.equal(r.body.kubernetes.major, '1')
  })

  test('/version stays the Kubernetes document kubectl reads', async () => {
    const body = await json(await api(server, '/version', { token: null }))
    assert.equal(body.major, '1')
    assert.match(body.gitVersion, /^v1\./)
  })
})

describe('config.kubesphere.io/v1alpha2', () => {
  test('configz exports the multicluster options', async () => {
    const r = await kapi(server, 'GET /kapis/config.kubesphere.io/v1alpha2/configs/configz')
    assert.equal(r.status, 200)
    assert.deepEqual(r.body.multicluster, {
      clusterControllerResyncPeriod: 120_000_000_000,
      hostClusterName: 'host',
      clusterRole: 'host',
    })
  })

  test('oauth shows issuer options and clients, never a secret', async () => {
    const r = await kapi(server, 'GET /kapis/config.kubesphere.io/v1alpha2/configs/oauth')
    assert.equal(r.status, 200)
    assert.deepEqual(r.body.issuer, {
      url: 'kubesphere',
      accessTokenMaxAge: 7200 * 1e9,
      accessTokenInactivityTimeout: 7200 * 1e9,
      maximumClockSkew: 10 * 1e9,
    })
    assert.ok(Array.isArray(r.body.identityProviders))
    assert.ok(r.body.clients.some((c: any) => c.name === 'kubesphere'))
    assert.doesNotMatch(r.text, /secret"|jwtSecret|password/i)
  })

  test('anonymous callers may read the configs (the anonymous role), not write them', async () => {
    const oauth = await kapi(server, 'GET /kapis/config.kubesphere.io/v1alpha2/configs/oauth', {
      token: null,
    })
    assert.equal(oauth.status, 200)
    const theme = await kapi(server, 'PUT /kapis/config.kubesphere.io/v1alpha2/configs/theme', {
      token: null,
      body: { title: 'x' },
    })
    assert.equal(theme.status, 403)
    const version = await kapi(server, 'GET /kapis/version', { token: null })
    assert.equal(version.status, 403)
  })

  test('theme: {} until set, then the stored map', async () => {
    const empty = await kapi(server, 'GET /kapis/config.kubesphere.io/v1alpha2/configs/theme')
    assert.deepEqual(empty.body, {})
    const put = await kapi(server, 'PUT /kapis/config.kubesphere.io/v1alpha2/configs/theme', {
      body: { title: 'Shop', color: 'blue' },
    })
    assert.equal(put.status, 200)
    assert.deepEqual(put.body, { title: 'Shop', color: 'blue' })
    const again = await kapi(server, 'PUT /kapis/config.kubesphere.io/v1alpha2/configs/theme', {
      body: { title: 'Shop 2' },
    })
    assert.equal(again.status, 200)
    const got = await kapi(server, 'GET /kapis/config.kubesphere.io/v1alpha2/configs/theme')
    assert.deepEqual(got.body, { title: 'Shop 2' })
    const bad = await kapi(server, 'PUT /kapis/config.kubesphere.io/v1alpha2/configs/theme', {
      body: { n: 1 },
    })
    assert.equal(bad.status, 400)
  })

  test('cluster connection configurations come from their Secrets, sorted by name', async () => {
    for (const name of ['zeta', 'alpha']) {
      await kube(server, 'POST', '/api/v1/namespaces/kubesphere-system/secrets', {
        metadata: { name },
        type: 'config.kubesphere.io/cluster-connection-config',
        data: { 'configuration.yaml': b64(`endpoint: https://${name}.example\n`) },
      })
    }
    const list = await kapi(
      server,
      'GET /kapis/config.kubesphere.io/v1alpha2/clusterconnectionconfigurations',
    )
    assert.deepEqual(
      list.body.map((c: any) => [c.kind, c.metadata.name, c.data.endpoint]),
      [
        ['ClusterConnectionConfiguration', 'alpha', 'https://alpha.example'],
        ['ClusterConnectionConfiguration', 'zeta', 'https://zeta.example'],
      ],
    )
    const one = await kapi(
      server,
      'GET /kapis/config.kubesphere.io/v1alpha2/clusterconnectionconfigurations/{config}',
      { params: { config: 'zeta' } },
    )
    assert.equal(one.body.data.endpoint, 'https://zeta.example')
    for (const config of ['missing', 'Not_A_Label']) {
      const r = await kapi(
        server,
        'GET /kapis/config.kubesphere.io/v1alpha2/clusterconnectionconfigurations/{config}',
        { params: { config } },
      )
      assert.equal(r.status, 404)
    }
  })

  test('platform configurations: create, read, replace, merge-patch, delete', async () => {
    const base = {
      kind: 'GenericPlatformConfiguration',
      apiVersion: 'config.kubesphere.io/v1alpha2',
      metadata: { name: 'mail' },
    }
    const invalid = [
      { ...base, kind: 'Other' },
      { ...base, apiVersion: 'v1' },
      { ...base, metadata: { name: 'Bad Name' } },
    ]
    for (const body of invalid) {
      const r = await kapi(server, 'POST /kapis/config.kubesphere.io/v1alpha2/platformconfigs', { body })
      assert.equal(r.status, 400, JSON.stringify(body))
    }
    const created = await kapi(server, 'POST /kapis/config.kubesphere.io/v1alpha2/platformconfigs', {
      body: { ...base, data: { host: 'smtp.example', port: 25 } },
    })
    assert.equal(created.status, 200, created.text)
    assert.deepEqual(created.body.data, { host: 'smtp.example', port: 25 })
    const secret = await kube(
      server,
      'GET',
      '/api/v1/namespaces/kubesphere-system/secrets/io.kubesphere.config.platformconfig.mail',
    )
    assert.equal(secret.type, 'config.kubesphere.io/generic-platform-config')
    assert.match(Buffer.from(secret.data['configuration.yaml'], 'base64').toString(), /host: smtp.example/)

    const params = { config: 'mail' }
    const got = await kapi(server, 'GET /kapis/config.kubesphere.io/v1alpha2/platformconfigs/{config}', {
      params,
    })
    assert.equal(got.body.metadata.name, 'mail')
    const put = await kapi(server, 'PUT /kapis/config.kubesphere.io/v1alpha2/platformconfigs/{config}', {
      params,
      body: { ...base, data: { host: 'smtp2.example' } },
    })
    assert.deepEqual(put.body.data, { host: 'smtp2.example' })
    const patched = await kapi(
      server,
      'PATCH /kapis/config.kubesphere.io/v1alpha2/platformconfigs/{config}',
      {
        params,
        body: { data: { port: 587, tls: true } },
        contentType: 'application/merge-patch+json',
      },
    )
    assert.deepEqual(patched.body.data, { host: 'smtp2.example', port: 587, tls: true })
    const deleted = await kapi(
      server,
      'DELETE /kapis/config.kubesphere.io/v1alpha2/platformconfigs/{config}',
      { params },
    )
    assert.deepEqual(deleted.body, { message: 'success' })
    const gone = await kapi(server, 'GET /kapis/config.kubesphere.io/v1alpha2/platformconfigs/{config}', {
      params,
    })
    assert.equal(gone.status, 404)
  })
})

describe('cluster.kubesphere.io/v1alpha1 (single cluster)', () => {
  before(async () => {
    await kube(server, 'POST', '/apis/cluster.kubesphere.io/v1alpha1/clusters', {
      apiVersion: 'cluster.kubesphere.io/v1alpha1',
      kind: 'Cluster',
      metadata: { name: 'member1' },
      spec: { provider: 'test', connection: { type: 'direct', kubeconfig: KUBECONFIG } },
    })
  })

  test('validation checks the shape, then answers that members cannot join', async () => {
    const route = 'POST /kapis/cluster.kubesphere.io/v1alpha1/clusters/validation'
    const proxy = await kapi(server, route, {
      body: { metadata: { name: 'm2' }, spec: { connection: { type: 'proxy' } } },
    })
    assert.equal(proxy.status, 400)
    const empty = await kapi(server, route, {
      body: { metadata: { name: 'm2' }, spec: { connection: { type: 'direct' } } },
    })
    assert.equal(empty.status, 400)
    const exists = await kapi(server, route, {
      body: {
        metadata: { name: 'member1' },
        spec: { connection: { type: 'direct', kubeconfig: KUBECONFIG } },
      },
    })
    assert.equal(exists.status, 400)
    const ok = await kapi(server, route, {
      body: { metadata: { name: 'm2' }, spec: { connection: { type: 'direct', kubeconfig: KUBECONFIG } } },
    })
    assert.equal(ok.status, 501)
  })

  test('kubeconfig: never for the host; replaced for a member', async () => {
    const route = 'PUT /kapis/cluster.kubesphere.io/v1alpha1/clusters/{cluster}/kubeconfig'
    const host = await kapi(server, route, { params: { cluster: 'host' }, body: { kubeconfig: KUBECONFIG } })
    assert.equal(host.status, 400)
    assert.equal(host.body.message, 'update kubeconfig of the host cluster is not allowed')
    const missing = await kapi(server, route, {
      params: { cluster: 'nope' },
      body: { kubeconfig: KUBECONFIG },
    })
    assert.equal(missing.status, 404)
    const next = b64(
      'apiVersion: v1\nkind: Config\nclusters:\n- name: m\n  cluster: {server: "https://m2:6443"}\n',
    )
    const ok = await kapi(server, route, { params: { cluster: 'member1' }, body: { kubeconfig: next } })
    assert.equal(ok.status, 200)
    assert.equal(ok.text, '')
    const stored = await kube(server, 'GET', '/apis/cluster.kubesphere.io/v1alpha1/clusters/member1')
    assert.equal(stored.spec.connection.kubeconfig, next)
  })

  test('labels are not served until the Label CRD exists', async () => {
    const r = await kapi(server, 'GET /kapis/cluster.kubesphere.io/v1alpha1/labels')
    assert.equal(r.status, 404)
  })

  describe('with the Label CRD installed', () => {
    before(async () => {
      await kube(server, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
        metadata: { name: 'labels.cluster.kubesphere.io' },
        spec: {
          group: 'cluster.kubesphere.io',
          names: { kind: 'Label', plural: 'labels', singular: 'label', listKind: 'LabelList' },
          scope: 'Cluster',
          versions: [
            {
              name: 'v1alpha1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: {
                    spec: {
                      type: 'object',
                      properties: {
                        key: { type: 'string' },
                        value: { type: 'string' },
                        clusters: { type: 'array', items: { type: 'string' } },
                      },
                    },
                  },
                },
              },
            },
          ],
        },
      })
      await until(async () => (await api(server, '/apis/cluster.kubesphere.io/v1alpha1/labels')).ok)
    })

    test('create, group, rename, bind and delete labels', async () => {
      const created = await kapi(server, 'POST /kapis/cluster.kubesphere.io/v1alpha1/labels', {
        body: [
          { key: 'env', value: 'prod' },
          { key: 'env', value: 'dev' },
          { key: 'region', value: 'eu' },
        ],
      })
      assert.equal(created.status, 200, created.text)
      const [prod, dev, eu] = created.body.map((l: any) => l.metadata.name)
      assert.match(prod, /^label-/)
      const duplicate = await kapi(server, 'POST /kapis/cluster.kubesphere.io/v1alpha1/labels', {
        body: [{ key: 'env', value: 'prod' }],
      })
      assert.equal(duplicate.status, 400)

      const grouped = await kapi(server, 'GET /kapis/cluster.kubesphere.io/v1alpha1/labels')
      assert.deepEqual(grouped.body.env.map((v: any) => v.value).sort(), ['dev', 'prod'])
      assert.deepEqual(grouped.body.region, [{ value: 'eu', id: eu }])

      const renamed = await kapi(server, 'PUT /kapis/cluster.kubesphere.io/v1alpha1/labels/{label}', {
        params: { label: dev },
        body: { key: 'env', value: 'test' },
      })
      assert.equal(renamed.body.spec.value, 'test')

      const bound = await kapi(server, 'POST /kapis/cluster.kubesphere.io/v1alpha1/labelbindings', {
        body: [{ labels: [prod, eu], clusters: ['member1'] }],
      })
      assert.equal(bound.status, 200, bound.text)
      const member = await kube(server, 'GET', '/apis/cluster.kubesphere.io/v1alpha1/clusters/member1')
      assert.equal(member.metadata.labels[`label.cluster.kubesphere.io/${prod}`], '')
      const label = await kube(server, 'GET', `/apis/cluster.kubesphere.io/v1alpha1/labels/${prod}`)
      assert.deepEqual(label.spec.clusters, ['member1'])

      const removed = await kapi(server, 'DELETE /kapis/cluster.kubesphere.io/v1alpha1/labels', {
        body: [prod, 'no-such-label'],
      })
      assert.equal(removed.status, 200, removed.text)
      const after = await kube(server, 'GET', '/apis/cluster.kubesphere.io/v1alpha1/clusters/member1')
      assert.equal(after.metadata.labels[`label.cluster.kubesphere.io/${prod}`], undefined)
      assert.equal(after.metadata.labels[`label.cluster.kubesphere.io/${eu}`], '')
    })
  })

  test('grant requests add and remove the cluster from workspace placements', async () => {
    await kube(server, 'POST', '/apis/tenant.kubesphere.io/v1beta1/workspacetemplates', {
      apiVersion: 'tenant.kubesphere.io/v1beta1',
      kind: 'WorkspaceTemplate',
      metadata: { name: 'granted' },
      spec: { template: { spec: {} }, placement: { clusters: [{ name: 'host' }] } },
    })
    const route = 'POST /kapis/cluster.kubesphere.io/v1alpha1/clusters/{cluster}/grantrequests'
    const add = await kapi(server, route, {
      params: { cluster: 'member1' },
      body: [{ op: 'add', workspace: 'granted' }],
    })
    assert.equal(add.status, 200, add.text)
    let t = await kube(server, 'GET', '/apis/tenant.kubesphere.io/v1beta1/workspacetemplates/granted')
    assert.deepEqual(t.spec.placement.clusters, [{ name: 'host' }, { name: 'member1' }])
    await kapi(server, route, { params: { cluster: 'member1' }, body: [{ op: 'add', workspace: 'granted' }] })
    await kapi(server, route, { params: { cluster: 'host' }, body: [{ op: 'remove', workspace: 'granted' }] })
    t = await kube(server, 'GET', '/apis/tenant.kubesphere.io/v1beta1/workspacetemplates/granted')
    assert.deepEqual(t.spec.placement.clusters, [{ name: 'member1' }])
    const bad = await kapi(server, route, {
      params: { cluster: 'member1' },
      body: [{ op: 'swap', workspace: 'granted' }],
    })
    assert.equal(bad.status, 400)
  })
})

describe('routing', () => {
  test('the /clusters/host prefix is served locally; members are unreachable, unknown clusters 400', async () => {
    const local = await fetch(`${server.url}/clusters/host/kapis/version`, {
      headers: { Authorization: `Bearer ${server.token}` },
    })
    assert.equal(local.status, 200)
    const member = await fetch(`${server.url}/clusters/member1/kapis/version`, {
      headers: { Authorization: `Bearer ${server.token}` },
    })
    assert.equal(member.status, 503)
    const unknown = await fetch(`${server.url}/clusters/nowhere/kapis/version`, {
      headers: { Authorization: `Bearer ${server.token}` },
    })
    assert.equal(unknown.status, 400)
    assert.equal((await json(unknown)).message, 'cluster nowhere not exists')
  })

  test('no route: 404 Status; wrong method: 405 with Allow', async () => {
    const none = await api(server, '/kapis/nothing.kubesphere.io/v1/things/x/y/z')
    assert.equal(none.status, 404)
    assert.equal((await json(none)).kind, 'Status')
    const wrong = await api(server, '/kapis/iam.kubesphere.io/v1beta1/users/admin/password', {
      method: 'GET',
    })
    assert.equal(wrong.status, 405)
    assert.equal(wrong.headers.get('allow'), 'PUT')
  })

  test('the OpenAPI document lists the routes', async () => {
    const r = await kapi(server, 'GET /kapis/openapi/v2')
    assert.equal(r.status, 200)
    assert.equal(r.body.swagger, '2.0')
    assert.ok(r.body.paths['/kapis/resources.kubesphere.io/v1alpha3/{resources}'].get)
  })
})

describe('generic fallback /kapis/{group}/{version}/...', () => {
  before(async () => {
    await kube(server, 'POST', '/api/v1/namespaces', {
      metadata: { name: 'gen', labels: { 'kubesphere.io/workspace': 'wsx' } },
    })
  })

  test('built-in kinds: list as a typed list, get, create, update, patch, delete', async () => {
    const base = '/kapis/apps/v1/namespaces/gen/deployments'
    const headers = { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' }
    const deployment = (name: string, replicas: number) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels: { app: name } },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        },
      },
    })
    for (const name of ['web', 'api']) {
      const r = await fetch(server.url + base, {
        method: 'POST',
        headers,
        body: JSON.stringify(deployment(name, 1)),
      })
      assert.equal(r.status, 200, await r.clone().text())
      assert.equal((await json(r)).metadata.name, name)
    }
    const wrong = await fetch(server.url + base, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...deployment('x', 1), kind: 'StatefulSet' }),
    })
    assert.equal(wrong.status, 400)

    const list = await json(
      await fetch(`${server.url}${base}?sortBy=name&ascending=true&limit=1`, { headers }),
    )
    assert.equal(list.kind, 'DeploymentList')
    assert.deepEqual(list.metadata, { continue: '2', remainingItemCount: 1 })
    assert.deepEqual(
      list.items.map((d: any) => d.metadata.name),
      ['api'],
    )
    const byField = await json(
      await fetch(`${server.url}${base}?fieldSelector=metadata.name%3Dweb`, { headers }),
    )
    assert.deepEqual(
      byField.items.map((d: any) => d.metadata.name),
      ['web'],
    )

    const got = await json(await fetch(`${server.url}${base}/web`, { headers }))
    assert.equal(got.spec.replicas, 1)
    const put = await fetch(`${server.url}${base}/web`, {
      method: 'PUT',
      headers,
      body: JSON.stringify(deployment('web', 3)),
    })
    assert.equal((await json(put)).spec.replicas, 3)
    const patch = await fetch(`${server.url}${base}/web`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ metadata: { labels: { tier: 'front' } } }),
    })
    const patched = await json(patch)
    assert.equal(patched.metadata.labels.tier, 'front')
    assert.equal(patched.metadata.labels.app, 'web')
    const del = await fetch(`${server.url}${base}/api`, { method: 'DELETE', headers })
    assert.equal(del.status, 200)
    const watch = await fetch(`${server.url}${base}?watch=true`, { headers })
    assert.equal(watch.status, 400)
  })

  test('workspace paths confine to objects labelled with the workspace', async () => {
    const headers = { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' }
    const base = '/kapis/iam.kubesphere.io/v1beta1/workspaces/wsx/workspaceroles'
    const role = (name: string) => ({
      apiVersion: 'iam.kubesphere.io/v1beta1',
      kind: 'WorkspaceRole',
      metadata: { name },
      rules: [],
    })
    const created = await json(
      await fetch(server.url + base, { method: 'POST', headers, body: JSON.stringify(role('wsx-custom')) }),
    )
    assert.equal(created.metadata.labels['kubesphere.io/workspace'], 'wsx')
    await kube(server, 'POST', '/apis/iam.kubesphere.io/v1beta1/workspaceroles', {
      ...role('other-role'),
      metadata: { name: 'other-role', labels: { 'kubesphere.io/workspace': 'other' } },
    })
    const list = await json(await fetch(server.url + base, { headers }))
    assert.ok(list.items.every((r: any) => r.metadata.labels['kubesphere.io/workspace'] === 'wsx'))
    assert.ok(list.items.some((r: any) => r.metadata.name === 'wsx-custom'))
    const foreign = await fetch(`${server.url}${base}/other-role`, { headers })
    assert.equal(foreign.status, 404)
  })

  test('custom resources need the resource-served label on their CRD', async () => {
    await kube(server, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      metadata: { name: 'gadgets.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Gadget', plural: 'gadgets', singular: 'gadget', listKind: 'GadgetList' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          },
        ],
      },
    })
    await until(async () => (await api(server, '/apis/example.com/v1/namespaces/gen/gadgets')).ok)
    const hidden = await api(server, '/kapis/example.com/v1/namespaces/gen/gadgets')
    assert.equal(hidden.status, 404)
    await fetch(`${server.url}/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.com`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/merge-patch+json' },
      body: JSON.stringify({ metadata: { labels: { 'kubesphere.io/resource-served': 'true' } } }),
    })
    const served = await api(server, '/kapis/example.com/v1/namespaces/gen/gadgets')
    assert.equal(served.status, 200)
    assert.equal((await json(served)).kind, 'GadgetList')
  })
})
