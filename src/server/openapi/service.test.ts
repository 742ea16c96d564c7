import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { gunzipSync } from 'node:zlib'
import { isApiError } from '../../apimachinery/errors.js'
import { decodeGnosticV2 } from './gnostic-v2.js'
import { OpenApiService } from './service.js'
import { TEST_RESOURCES, WIDGET } from './testing/resources.js'

const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('hex').toUpperCase()
const PROTO_ACCEPT = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf'

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

let server: Server
let base = ''
const service = new OpenApiService()

/** Raw HTTP (no automatic decompression or redirects), so headers can be checked as sent. */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

const json = (r: Reply) => JSON.parse(r.body.toString())

before(async () => {
  service.setResources(TEST_RESOURCES.filter((r) => r !== WIDGET))
  // The chain's job in the real server: ApiErrors become Status replies; non-OpenAPI paths go on.
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    try {
      if (!service.handle(req, res, url.pathname, url.searchParams)) {
        res.writeHead(418)
        res.end()
      }
    } catch (err) {
      if (!isApiError(err)) throw err
      res.writeHead(err.code, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify(err.status))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
after(() => new Promise<void>((resolve) => server.close(() => resolve())))

void describe('/openapi/v3', () => {
  void test('the index lists every group-version with a hash URL; its ETag is the SHA-512 of the body', async () => {
    const r = await get('/openapi/v3')
    assert.equal(r.status, 200)
    assert.equal(r.headers['content-type'], 'application/json')
    assert.equal(r.headers.etag, `"${sha512(r.body)}"`)
    const paths = json(r).paths
    assert.deepEqual(Object.keys(paths), [
      'api/v1',
      'apis/apiextensions.k8s.io/v1',
      'apis/apps/v1',
      'apis/authorization.k8s.io/v1',
    ])
    assert.match(paths['api/v1'].serverRelativeURL, /^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/)
  })

  void test('a group-version at its current hash: ETag = hash = SHA-512, immutable for a year', async () => {
    const url = json(await get('/openapi/v3')).paths['apis/apps/v1'].serverRelativeURL as string
    const r = await get(url, { Accept: 'application/json' })
    assert.equal(r.status, 200)
    const hash = url.split('hash=')[1]
    assert.equal(sha512(r.body), hash)
    assert.equal(r.headers.etag, `"${hash}"`)
    assert.equal(r.headers['cache-control'], 'public, immutable')
    const expires = Date.parse(String(r.headers.expires))
    assert.ok(
      Math.abs(expires - (Date.now() + 365 * 24 * 3600e3)) < 2 * 24 * 3600e3,
      String(r.headers.expires),
    )
    assert.match(String(r.headers.vary), /Accept/)
    assert.equal(json(r).openapi, '3.0.0')
  })

  void test('without ?hash there is no Cache-Control', async () => {
    const r = await get('/openapi/v3/api/v1')
    assert.equal(r.status, 200)
    assert.equal(r.headers['cache-control'], undefined)
  })

  void test('a stale hash is redirected to the current URL', async () => {
    const current = json(await get('/openapi/v3')).paths['api/v1'].serverRelativeURL
    const r = await get('/openapi/v3/api/v1?hash=0123ABCD')
    assert.equal(r.status, 301)
    assert.equal(r.headers.location, current)
  })

  void test('If-None-Match with the ETag gives 304 without a body', async () => {
    const first = await get('/openapi/v3/apis/apps/v1')
    const r = await get('/openapi/v3/apis/apps/v1', { 'If-None-Match': String(first.headers.etag) })
    assert.equal(r.status, 304)
    assert.equal(r.body.length, 0)
    assert.equal(r.headers.etag, first.headers.etag)
    const index = await get('/openapi/v3')
    assert.equal((await get('/openapi/v3', { 'If-None-Match': String(index.headers.etag) })).status, 304)
  })

  void test('gzip when accepted; the bytes are the same document', async () => {
    const plain = await get('/openapi/v3/api/v1')
    const r = await get('/openapi/v3/api/v1', { 'Accept-Encoding': 'gzip' })
    assert.equal(r.headers['content-encoding'], 'gzip')
    assert.ok(r.body.length < plain.body.length / 4)
    assert.deepEqual(gunzipSync(r.body), plain.body)
    assert.equal(r.headers.etag, plain.headers.etag)
  })

  void test('HEAD answers headers only', async () => {
    const r = await get('/openapi/v3/api/v1', {}, 'HEAD')
    assert.equal(r.status, 200)
    assert.equal(r.body.length, 0)
    assert.ok(Number(r.headers['content-length']) > 1000)
  })

  const errors: {
    name: string
    path: string
    headers?: Record<string, string>
    method?: string
    code: number
    reason?: string
  }[] = [
    { name: 'unknown group-version → 404', path: '/openapi/v3/apis/batch/v1', code: 404, reason: 'NotFound' },
    { name: 'empty group-version → 404', path: '/openapi/v3/', code: 404, reason: 'NotFound' },
    {
      name: 'unsatisfiable Accept → 406',
      path: '/openapi/v3/api/v1',
      headers: { Accept: 'application/xml' },
      code: 406,
      reason: 'NotAcceptable',
    },
    {
      name: 'v3 protobuf is not offered → 406',
      path: '/openapi/v3/api/v1',
      headers: { Accept: 'application/com.github.proto-openapi.spec.v3.v1.0+protobuf' },
      code: 406,
      reason: 'NotAcceptable',
    },
    { name: 'POST → 405', path: '/openapi/v3', method: 'POST', code: 405, reason: 'MethodNotAllowed' },
    {
      name: 'v2 with an unsatisfiable Accept → 406',
      path: '/openapi/v2',
      headers: { Accept: 'text/html' },
      code: 406,
      reason: 'NotAcceptable',
    },
    { name: 'other paths are not handled', path: '/openapi/v4', code: 418 },
  ]
  for (const c of errors) {
    void test(c.name, async () => {
      const r = await get(c.path, c.headers, c.method)
      assert.equal(r.status, c.code)
      if (c.reason) assert.equal(json(r).reason, c.reason)
    })
  }

  void test('406 names the media types the server offers', async () => {
    const r = await get('/openapi/v2', { Accept: 'text/html' })
    assert.equal(
      json(r).message,
      'only the following media types are accepted: application/json, application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
    )
  })

  void test('a new CRD group-version appears; old hash URLs redirect; an identical set keeps hashes', async () => {
    const before = json(await get('/openapi/v3')).paths
    service.setResources(TEST_RESOURCES.filter((r) => r !== WIDGET))
    assert.deepEqual(json(await get('/openapi/v3')).paths, before, 'same resources, same hashes')

    service.setResources(TEST_RESOURCES)
    const now = json(await get('/openapi/v3')).paths
    assert.ok(now['apis/example.com/v1'])
    const doc = json(await get(now['apis/example.com/v1'].serverRelativeURL))
    assert.ok(doc.components.schemas['com.example.v1.Widget'])
    assert.equal(
      now['api/v1'].serverRelativeURL,
      before['api/v1'].serverRelativeURL,
      'untouched group-versions keep their hash',
    )
    service.setResources(TEST_RESOURCES.filter((r) => r !== WIDGET))
    assert.equal((await get(now['apis/example.com/v1'].serverRelativeURL)).status, 404)
  })
})

void describe('/openapi/v2', () => {
  void test('JSON by default', async () => {
    const r = await get('/openapi/v2')
    assert.equal(r.status, 200)
    assert.equal(r.headers['content-type'], 'application/json')
    assert.equal(json(r).swagger, '2.0')
    assert.equal(r.headers.etag, `"${sha512(r.body)}"`)
  })

  for (const accept of [PROTO_ACCEPT, 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf']) {
    void test(`protobuf for ${accept}`, async () => {
      const jsonReply = await get('/openapi/v2')
      const r = await get('/openapi/v2', { Accept: accept })
      assert.equal(r.status, 200)
      assert.equal(r.headers['content-type'], 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf')
      assert.equal(r.headers.etag, jsonReply.headers.etag)
      const doc = decodeGnosticV2(r.body)
      assert.equal(doc.swagger, '2.0')
      const names = doc.definitions.additional_properties.map((d: any) => d.name)
      assert.deepEqual(names, Object.keys(json(jsonReply).definitions))
      assert.equal(
        (await get('/openapi/v2', { Accept: accept, 'If-None-Match': String(r.headers.etag) })).status,
        304,
      )
    })
  }
})
