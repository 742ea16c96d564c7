/**
 * A restart keeps everything: objects, the signing key (old tokens still work), the CRDs and
 * their custom resources; watches from before the restart get 410 Expired.
 */
import assert from 'node:assert/strict'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { api, startServer, type TestServer } from '../helpers/server.js'

let server: TestServer | undefined

after(async () => {
  await server?.dispose()
})

test('state, keys and revisions survive a restart', async () => {
  server = await startServer()
  const dataDir = server.dataDir
  const oldToken = server.token
  assert.equal(statSync(join(dataDir, 'signing.key')).mode & 0o777, 0o600)
  assert.equal(statSync(join(dataDir, 'admin.kubeconfig')).mode & 0o777, 0o600)
  const created = await api(server, '/api/v1/namespaces/default/configmaps', {
    method: 'POST',
    body: JSON.stringify({ metadata: { name: 'kept' }, data: { a: '1' } }),
    headers: { 'Content-Type': 'application/json' },
  })
  assert.equal(created.status, 201)
  const rv = Number(((await created.json()) as any).metadata.resourceVersion)
  const host = (await (await api(server, '/apis/cluster.kubesphere.io/v1alpha1/clusters/host')).json()) as any
  assert.equal(host.metadata.name, 'host')
  await server.stop()

  server = await startServer({ dataDir })
  const kept = await api(server, '/api/v1/namespaces/default/configmaps/kept', { token: oldToken })
  assert.equal(kept.status, 200, 'the token issued before the restart still authenticates')
  const obj = (await kept.json()) as any
  assert.deepEqual(obj.data, { a: '1' })
  assert.equal(Number(obj.metadata.resourceVersion), rv)
  const hostAgain = (await (await api(server, '/apis/cluster.kubesphere.io/v1alpha1/clusters/host')).json()) as any
  assert.equal(hostAgain.metadata.uid, host.metadata.uid, 'bootstrap does not recreate what exists')

  const watch = await api(server, '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1&timeoutSeconds=5')
  assert.equal(watch.status, 200)
  const first = JSON.parse((await watch.text()).split('\n')[0])
  assert.equal(first.type, 'ERROR')
  assert.equal(first.object.code, 410)
  assert.equal(first.object.reason, 'Expired')
  assert.match(first.object.message, /^too old resource version: 1 \(\d+\)$/)
})
