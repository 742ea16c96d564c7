/**
 * Bad input gets the matching 4xx Status and leaves the store unchanged.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { api, startServer, type TestServer } from '../helpers/server.js'

let server: TestServer

before(async () => {
  server = await startServer()
})

after(async () => {
  await server?.dispose()
})

async function status(res: Response) {
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/)
  const body = (await res.json()) as any
  assert.equal(body.kind, 'Status')
  assert.equal(body.apiVersion, 'v1')
  assert.equal(body.status, 'Failure')
  assert.equal(body.code, res.status)
  return body
}

async function configMapNames(): Promise<string[]> {
  const res = await api(server, '/api/v1/namespaces/default/configmaps')
  return ((await res.json()) as any).items.map((i: any) => i.metadata.name)
}

const post = (path: string, body: string | Buffer, contentType = 'application/json') =>
  api(server, path, { method: 'POST', body, headers: { 'Content-Type': contentType } })

describe('bad input', () => {
  test('no token is the anonymous user (403 here), a forged token is 401', async () => {
    // auth.md §4.5: a request without credentials proceeds as system:anonymous.
    const anon = await api(server, '/api/v1/namespaces', { token: null })
    assert.equal(anon.status, 403)
    assert.equal((await status(anon)).reason, 'Forbidden')
    const forged = await api(server, '/api/v1/namespaces', { token: server.token.slice(0, -4) + 'AAAA' })
    assert.equal(forged.status, 401)
  })

  test('malformed JSON and YAML are 400 BadRequest', async () => {
    const before = await configMapNames()
    const j = await post('/api/v1/namespaces/default/configmaps', '{"metadata": {"name": "x"')
    assert.equal(j.status, 400)
    assert.equal((await status(j)).reason, 'BadRequest')
    const y = await post('/api/v1/namespaces/default/configmaps', 'metadata: [unclosed', 'application/yaml')
    assert.equal(y.status, 400)
    assert.deepEqual(await configMapNames(), before)
  })

  test('unknown kind or apiVersion', async () => {
    const unknown = await api(server, '/apis/nope.example.com/v1/things')
    assert.equal(unknown.status, 404)
    const body = await status(unknown)
    assert.equal(body.message, 'the server could not find the requested resource')
    const wrongKind = await post('/api/v1/namespaces/default/configmaps', JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'wk' } }))
    assert.equal(wrongKind.status, 400)
    const wrongVersion = await post('/api/v1/namespaces/default/configmaps', JSON.stringify({ apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: { name: 'wv' } }))
    assert.equal(wrongVersion.status, 400)
    assert.ok(!(await configMapNames()).includes('wk'))
  })

  test('a namespace in the body that differs from the URL is 400', async () => {
    const res = await post('/api/v1/namespaces/default/configmaps', JSON.stringify({ metadata: { name: 'mm', namespace: 'kube-system' } }))
    assert.equal(res.status, 400)
    assert.equal((await status(res)).message, 'the namespace of the provided object does not match the namespace sent on the request')
    assert.ok(!(await configMapNames()).includes('mm'))
  })

  test('an unsupported content type is 415', async () => {
    const res = await post('/api/v1/namespaces/default/configmaps', 'name=x', 'application/x-www-form-urlencoded')
    assert.equal(res.status, 415)
    const body = await status(res)
    assert.equal(body.reason, 'UnsupportedMediaType')
    assert.match(body.message, /^the body of the request was in an unknown format - accepted media types include: application\/json, application\/yaml/)
  })

  test('a body over 3 MiB is 413', async () => {
    const big = JSON.stringify({ metadata: { name: 'big' }, data: { a: 'x'.repeat(3 * 1024 * 1024) } })
    const res = await post('/api/v1/namespaces/default/configmaps', big)
    assert.equal(res.status, 413)
    assert.equal((await status(res)).message, 'Request entity too large: limit is 3145728')
    assert.ok(!(await configMapNames()).includes('big'))
  })

  test('an invalid patch is rejected and the object is unchanged', async () => {
    const created = await post('/api/v1/namespaces/default/configmaps', JSON.stringify({ metadata: { name: 'pt' }, data: { a: '1' } }))
    assert.equal(created.status, 201)
    const patch = (body: string, type: string) =>
      api(server, '/api/v1/namespaces/default/configmaps/pt', { method: 'PATCH', body, headers: { 'Content-Type': type } })
    const undecodable = await patch('[{"op":', 'application/json-patch+json')
    assert.equal(undecodable.status, 400)
    const failing = await patch('[{"op":"replace","path":"/data/missing/x","value":"1"}]', 'application/json-patch+json')
    assert.equal(failing.status, 422)
    const notObject = await patch('[1,2]', 'application/merge-patch+json')
    assert.equal(notObject.status, 400)
    const got = (await (await api(server, '/api/v1/namespaces/default/configmaps/pt')).json()) as any
    assert.deepEqual(got.data, { a: '1' })
  })

  test('a stale resourceVersion on update is 409 with the Kubernetes message', async () => {
    await post('/api/v1/namespaces/default/configmaps', JSON.stringify({ metadata: { name: 'cc' }, data: { a: '1' } }))
    const cur = (await (await api(server, '/api/v1/namespaces/default/configmaps/cc')).json()) as any
    const put = (rv: string, v: string) =>
      api(server, '/api/v1/namespaces/default/configmaps/cc', {
        method: 'PUT',
        body: JSON.stringify({ ...cur, metadata: { ...cur.metadata, resourceVersion: rv }, data: { a: v } }),
        headers: { 'Content-Type': 'application/json' },
      })
    assert.equal((await put(cur.metadata.resourceVersion, '2')).status, 200)
    const stale = await put(cur.metadata.resourceVersion, '3')
    assert.equal(stale.status, 409)
    const body = await status(stale)
    assert.equal(
      body.message,
      'Operation cannot be fulfilled on configmaps "cc": the object has been modified; please apply your changes to the latest version and try again',
    )
    assert.deepEqual(body.details, { name: 'cc', kind: 'configmaps' })
  })

  test('unknown path is 404 with an empty details object', async () => {
    const res = await api(server, '/apis')
    assert.equal(res.status, 200)
    const nf = await api(server, '/api/v1/namespaces/default/nothings')
    assert.equal(nf.status, 404)
    assert.deepEqual((await status(nf)).details, {})
  })
})
