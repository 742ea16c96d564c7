/**
 * The SDK against the real ks-apiserver: the admin kubeconfig over TLS, and inClusterConfig
 * pointed at a token file and CA file in a temp dir.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { startServer, type TestServer } from '../../../test/helpers/server.js'
import {
  inClusterConfig,
  KubeSphereClient,
  loadKubeconfig,
  restClientFor,
  setKubeSphereDefaults,
  type RESTClient,
} from '../src/index.js'

let server: TestServer
const clients: RESTClient[] = []
const client = (c: Parameters<typeof restClientFor>[0]) => {
  const r = restClientFor(c)
  clients.push(r)
  return r
}

before(async () => {
  server = await startServer()
})
after(async () => {
  for (const c of clients) c.close()
  await server?.dispose()
})

describe('SDK against ks-apiserver', () => {
  test('the admin kubeconfig: TLS verified with its CA data, token auth', async () => {
    const config = setKubeSphereDefaults(loadKubeconfig({ path: server.kubeconfig }))
    assert.ok(config.host.startsWith('https://'))
    const c = client(config)
    const list = await c.get().absPath('/api/v1/namespaces').doInto<any>()
    assert.equal(list.kind, 'NamespaceList')
    assert.ok(list.items.some((n: any) => n.metadata.name === 'default'))
    const nodes = await new KubeSphereClient(c).listResources('namespaces')
    assert.ok(nodes.totalItems >= 1)
  })

  test('inClusterConfig with overrides: token file and CA file from a temp dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-sa-'))
    writeFileSync(join(dir, 'token'), server.token)
    writeFileSync(join(dir, 'ca.crt'), Buffer.from(server.caData!, 'base64'))
    const config = inClusterConfig({
      tokenFile: join(dir, 'token'),
      caFile: join(dir, 'ca.crt'),
      host: server.secureUrl,
    })
    assert.equal(config.caFile, join(dir, 'ca.crt'))
    const c = client(setKubeSphereDefaults(config))
    const ns = await c.get().absPath('/api/v1/namespaces/default').doInto<any>()
    assert.equal(ns.metadata.name, 'default')
    const missing = await c.get().absPath('/api/v1/namespaces/nope').do()
    assert.equal(missing.statusCode, 404)
    assert.equal(missing.error?.message, 'namespaces "nope" not found')
    assert.equal(missing.error?.reason, 'NotFound')
  })

  test('a bad token is refused with the server Status message', async () => {
    const c = client({ host: server.url, bearerToken: 'not-a-jwt' })
    const r = await c.get().absPath('/api/v1/namespaces').do()
    assert.equal(r.statusCode, 401)
    assert.equal(r.error?.reason, 'Unauthorized')
    assert.ok(r.error?.message)
  })
})
