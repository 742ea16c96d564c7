import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { KubeSphereClient, restClientFor } from '../src/index.js'
import { fakeServer } from './fake-server.js'

describe('typed /kapis helpers', async () => {
  const s = await fakeServer((r) =>
    r.url.startsWith('/kapis/version')
      ? { body: { gitVersion: 'v4.1.3' } }
      : r.url.includes('/users/')
        ? { body: { metadata: { name: 'admin' } } }
        : { body: { items: [{ metadata: { name: 'host' } }], totalItems: 1 } },
  )
  const rest = restClientFor({ host: s.url, bearerToken: 't' })
  const ks = new KubeSphereClient(rest)
  after(async () => {
    rest.close()
    await s.close()
  })

  const cases: [string, () => Promise<unknown>, string][] = [
    ['clusters', () => ks.listClusters(), '/kapis/tenant.kubesphere.io/v1beta1/clusters'],
    [
      'clusters with a query',
      () =>
        ks.listClusters({
          limit: 10,
          page: 2,
          sortBy: 'name',
          ascending: true,
          labelSelector: 'a=b',
          filters: { roleBindingExists: 'true' },
        }),
      '/kapis/tenant.kubesphere.io/v1beta1/clusters?limit=10&page=2&sortBy=name&ascending=true&labelSelector=a%3Db&roleBindingExists=true',
    ],
    [
      'workspaces',
      () => ks.listWorkspaces({ name: 'sys' }),
      '/kapis/tenant.kubesphere.io/v1beta1/workspacetemplates?name=sys',
    ],
    ['namespaces', () => ks.listNamespaces(), '/kapis/tenant.kubesphere.io/v1beta1/namespaces'],
    [
      'namespaces of a workspace',
      () => ks.listNamespaces({ workspace: 'system-workspace' }),
      '/kapis/tenant.kubesphere.io/v1beta1/workspaces/system-workspace/namespaces',
    ],
    ['users', () => ks.listUsers(), '/kapis/iam.kubesphere.io/v1beta1/users'],
    ['one user', () => ks.getUser('admin'), '/kapis/iam.kubesphere.io/v1beta1/users/admin'],
    [
      'resources in a namespace',
      () => ks.listResources('pods', { namespace: 'default', limit: 1 }),
      '/kapis/resources.kubesphere.io/v1alpha3/namespaces/default/pods?limit=1',
    ],
    ['cluster resources', () => ks.listResources('nodes'), '/kapis/resources.kubesphere.io/v1alpha3/nodes'],
    ['version', () => ks.version(), '/kapis/version'],
  ]
  for (const [name, call, path] of cases) {
    test(name, async () => {
      const before = s.requests.length
      const out: any = await call()
      assert.equal(s.requests.length, before + 1)
      assert.equal(s.requests[before].method, 'GET')
      assert.equal(s.requests[before].url, path)
      assert.ok(out && typeof out === 'object')
    })
  }

  test('a list answers the ListResult', async () => {
    assert.deepEqual(await ks.listClusters(), { items: [{ metadata: { name: 'host' } }], totalItems: 1 })
  })
})
