import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { FileTokenSource, isStatusError, restClientFor, StatusError, type RestConfig } from '../src/index.js'
import { TokenBucket } from '../src/rate-limiter.js'
import { fakeServer, type FakeServer, type Reply } from './fake-server.js'

/** The seed's 403 body, byte for byte as the server sends it. */
const SEED_403 = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message:
    'clusters.tenant.kubesphere.io is forbidden: User "kubesphere:serviceaccount:default:sample" cannot list resource "clusters" in API group "tenant.kubesphere.io" at the cluster scope',
  reason: 'Forbidden',
  details: { group: 'tenant.kubesphere.io', kind: 'clusters' },
  code: 403,
}

const servers: FakeServer[] = []
after(async () => {
  for (const s of servers) await s.close()
})

async function serve(handler: Parameters<typeof fakeServer>[0]) {
  const s = await fakeServer(handler)
  servers.push(s)
  return s
}

describe('requests', () => {
  test('absPath replaces the path after the host path; headers are token and user agent only', async () => {
    const s = await serve(() => ({ body: { items: [], totalItems: 0 } }))
    const c = restClientFor({
      host: `${s.url}/prefix`,
      bearerToken: 't0k',
      userAgent: 'ua/1',
      apiPath: '/api',
      groupVersion: 'v1',
    })
    const body = await c.get().absPath('/kapis/tenant.kubesphere.io/v1beta1/clusters').doRaw()
    assert.deepEqual(JSON.parse(body.toString()), { items: [], totalItems: 0 })
    const r = s.requests[0]
    assert.equal(r.url, '/prefix/kapis/tenant.kubesphere.io/v1beta1/clusters')
    assert.equal(r.headers.authorization, 'Bearer t0k')
    assert.equal(r.headers['user-agent'], 'ua/1')
    assert.equal(r.headers.accept, undefined, 'no Accept header is added')
    c.close()
  })

  test('versioned paths, parameters and JSON bodies', async () => {
    const s = await serve(() => ({ status: 201, body: { kind: 'ConfigMap' } }))
    const c = restClientFor({ host: s.url, apiPath: '/api', groupVersion: 'v1' })
    const out = await c
      .post()
      .namespace('default')
      .resource('configmaps')
      .param('dryRun', 'All')
      .body({ metadata: { name: 'x' } })
      .doInto<any>()
    assert.equal(out.kind, 'ConfigMap')
    await c.get().namespace('ns').resource('pods').name('p 1').subResource('log').doRaw()
    await c
      .patch('application/merge-patch+json')
      .absPath('/apis/apps/v1/namespaces/a/deployments/d')
      .body('{"spec":{}}')
      .doRaw()
    assert.deepEqual(
      s.requests.map((r) => [r.method, r.url, r.headers['content-type'], r.body]),
      [
        [
          'POST',
          '/api/v1/namespaces/default/configmaps?dryRun=All',
          'application/json',
          '{"metadata":{"name":"x"}}',
        ],
        ['GET', '/api/v1/namespaces/ns/pods/p%201/log', undefined, ''],
        ['PATCH', '/apis/apps/v1/namespaces/a/deployments/d', 'application/merge-patch+json', '{"spec":{}}'],
      ],
    )
    c.close()
  })

  test('basic credentials when there is no token', async () => {
    const s = await serve(() => ({ body: {} }))
    const c = restClientFor({ host: s.url, username: 'admin', password: 'P@88w0rd' })
    await c.get().absPath('/x').doRaw()
    assert.equal(
      s.requests[0].headers.authorization,
      `Basic ${Buffer.from('admin:P@88w0rd').toString('base64')}`,
    )
    c.close()
  })
})

describe('errors', () => {
  test('a Status body becomes a StatusError whose message is the Status message', async () => {
    const s = await serve(() => ({ status: 403, body: SEED_403 }))
    const c = restClientFor({ host: s.url })
    const result = await c.get().absPath('/kapis/tenant.kubesphere.io/v1beta1/clusters').do()
    assert.equal(result.statusCode, 403)
    assert.ok(result.error instanceof StatusError)
    assert.equal(String(result.error.message), SEED_403.message)
    assert.deepEqual(result.error.status, SEED_403)
    assert.equal(result.error.code, 403)
    assert.equal(result.error.reason, 'Forbidden')
    assert.throws(
      () => result.raw(),
      (e) => isStatusError(e) && e.message === SEED_403.message,
    )
    await assert.rejects(c.get().absPath('/x').doRaw(), { message: SEED_403.message })
    c.close()
  })

  const generic: [string, Reply, string][] = [
    [
      '404 text',
      { status: 404, body: '404 page not found' },
      'the server could not find the requested resource',
    ],
    ['403 text keeps the server text', { status: 403, body: 'forbidden by policy\n' }, 'forbidden by policy'],
    ['401 text', { status: 401, body: 'no' }, 'the server has asked for the client to provide credentials'],
    [
      '500 text is quoted',
      { status: 500, body: 'failed to describe user: boom' },
      'an error on the server ("failed to describe user: boom") has prevented the request from succeeding',
    ],
    ['JSON that is not a Status', { status: 409, body: { message: 'x' } }, 'the server reported a conflict'],
    [
      '418',
      { status: 418, body: '' },
      'the server responded with the status code 418 but did not return more information',
    ],
  ]
  for (const [name, reply, message] of generic) {
    test(`generic message: ${name}`, async () => {
      const s = await serve(() => reply)
      const c = restClientFor({ host: s.url })
      await assert.rejects(
        c.get().absPath('/x').doRaw(),
        (e) => isStatusError(e) && e.message === message && e.code === reply.status,
      )
      c.close()
    })
  }

  test('a transport error rejects do()', async () => {
    const c = restClientFor({ host: 'http://127.0.0.1:1' })
    await assert.rejects(c.get().absPath('/x').do(), /ECONNREFUSED/)
    c.close()
  })
})

describe('retries, rate limit, token file', () => {
  test('429 and 5xx with Retry-After are retried; without it they are not', async () => {
    const s = await serve((_r, n) =>
      n <= 2
        ? { status: n === 1 ? 429 : 503, headers: { 'Retry-After': '0' }, body: 'busy' }
        : { body: { ok: true } },
    )
    const c = restClientFor({ host: s.url })
    assert.deepEqual(await c.get().absPath('/x').doInto(), { ok: true })
    assert.equal(s.requests.length, 3)
    const once = await serve(() => ({ status: 503, body: 'down' }))
    const c2 = restClientFor({ host: once.url })
    await assert.rejects(c2.get().absPath('/x').doRaw(), {
      message: 'the server is currently unable to handle the request',
    })
    assert.equal(once.requests.length, 1)
    c.close()
    c2.close()
  })

  test('maxRetries bounds the retries', async () => {
    const s = await serve(() => ({ status: 429, headers: { 'Retry-After': '0' }, body: 'slow down' }))
    const c = restClientFor({ host: s.url, maxRetries: 2 })
    await assert.rejects(c.get().absPath('/x').doRaw(), { code: 429 } as object)
    assert.equal(s.requests.length, 3)
    c.close()
  })

  test('token bucket: burst, then qps', () => {
    let now = 0
    const b = new TokenBucket(5, 2, () => now)
    assert.deepEqual([b.reserve(), b.reserve(), b.reserve()], [0, 0, 200])
    now = 1000
    assert.equal(b.reserve(), 0)
  })

  test('the token file is re-read after the refresh period, trimmed; a failed re-read keeps the token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-token-'))
    const file = join(dir, 'token')
    writeFileSync(file, ' first\n')
    let now = 0
    const src = new FileTokenSource(file, undefined, 60_000, () => now)
    assert.equal(await src.get(), 'first')
    writeFileSync(file, 'second\n')
    now = 59_999
    assert.equal(await src.get(), 'first')
    now = 60_000
    assert.equal(await src.get(), 'second')
    rmSync(file)
    now = 200_000
    assert.equal(await src.get(), 'second')
    await assert.rejects(new FileTokenSource(join(dir, 'missing')).get(), /ENOENT/)
  })

  test('requests carry the token from the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-token-'))
    const file = join(dir, 'token')
    writeFileSync(file, 'from-file')
    const s = await serve(() => ({ body: {} }))
    const config: RestConfig = { host: s.url, bearerToken: 'initial', bearerTokenFile: file }
    const c = restClientFor(config)
    await c.get().absPath('/x').doRaw()
    assert.equal(
      s.requests[0].headers.authorization,
      'Bearer initial',
      'the first token is the one read by inClusterConfig',
    )
    c.close()
    const c2 = restClientFor({ host: s.url, bearerTokenFile: file })
    await c2.get().absPath('/x').doRaw()
    assert.equal(s.requests[1].headers.authorization, 'Bearer from-file')
    c2.close()
  })
})
