/**
 * @kubernetes/client-node against the real server over TLS (client-node 1.x refuses plain
 * HTTP): typed CRUD, and an informer (list + watch) that sees create/update/delete in order.
 */
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import * as k8s from '@kubernetes/client-node'
import { startServer, type TestServer } from '../helpers/server.js'

let server: TestServer
let kc: k8s.KubeConfig

before(async () => {
  server = await startServer()
  kc = new k8s.KubeConfig()
  kc.loadFromFile(server.kubeconfig)
})

after(async () => {
  await server?.dispose()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

test('the server speaks TLS with the CA it put into the kubeconfig', () => {
  assert.match(server.secureUrl, /^https:\/\/127\.0\.0\.1:\d+$/)
  assert.ok(server.caData, 'kubeconfig carries certificate-authority-data')
})

test('typed CRUD with CoreV1Api', async () => {
  const core = kc.makeApiClient(k8s.CoreV1Api)
  const created = await core.createNamespacedConfigMap({
    namespace: 'default',
    body: { metadata: { name: 'from-client-node', labels: { app: 'cn' } }, data: { a: '1' } },
  })
  assert.equal(created.metadata?.name, 'from-client-node')
  const list = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'app=cn' })
  assert.deepEqual(
    list.items.map((i) => i.metadata?.name),
    ['from-client-node'],
  )
  await assert.rejects(
    core.readNamespacedConfigMap({ namespace: 'default', name: 'missing' }),
    (err: any) => err.code === 404 && JSON.parse(err.body).reason === 'NotFound',
  )
  await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'from-client-node' })
})

test('an informer sees create, update and delete in order', async () => {
  const core = kc.makeApiClient(k8s.CoreV1Api)
  const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/configmaps', () =>
    core.listNamespacedConfigMap({ namespace: 'default' }),
  )
  const events: string[] = []
  informer.on('add', (o) => events.push(`add ${o.metadata?.name} ${o.data?.['v'] ?? ''}`))
  informer.on('update', (o) => events.push(`update ${o.metadata?.name} ${o.data?.['v'] ?? ''}`))
  informer.on('delete', (o) => events.push(`delete ${o.metadata?.name}`))
  await informer.start()
  try {
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'inf' }, data: { v: '1' } } })
    await core.patchNamespacedConfigMap(
      { namespace: 'default', name: 'inf', body: { data: { v: '2' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    )
    await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'inf' })
    const deadline = Date.now() + 10_000
    while (!events.includes('delete inf') && Date.now() < deadline) await sleep(50)
    assert.deepEqual(
      events.filter((e) => e.includes(' inf')),
      ['add inf 1', 'update inf 2', 'delete inf'],
    )
  } finally {
    await informer.stop()
  }
})
