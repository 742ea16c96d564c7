/**
 * Identity end to end, over plain HTTP as the seed's curl and with kubectl: the seed 003 token
 * flow, refresh, logout, every bad-token case, OAuth errors, users managed with kubectl, the
 * user kubeconfig, and no password in clear anywhere (API output or the debug log).
 */
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { loadOrCreateSigningKey } from '../../src/authn/signing-key.js'
import { TokenIssuer } from '../../src/authn/token-issuer.js'
import { kubectlFor, mustKubectl } from '../helpers/kubectl.js'
import { startServer, type TestServer } from '../helpers/server.js'

const ADMIN_PASSWORD = 'Adm1n-Secret-9f3k'
const ALICE_PASSWORD = 'Al1ce-Secret-77q'
const WEAK_PASSWORD = 'weakpassword-x'
const WRONG_PASSWORD = 'Wr0ng-Guess-xq1'

let server: TestServer
let kubectl: ReturnType<typeof mustKubectl>
let kubectlRaw: ReturnType<typeof kubectlFor>

before(async () => {
  server = await startServer({ env: { KS_ADMIN_PASSWORD: ADMIN_PASSWORD, KS_LOG_LEVEL: 'debug' } })
  kubectlRaw = kubectlFor(server)
  kubectl = mustKubectl(kubectlRaw)
})

after(async () => {
  await server?.dispose()
})

/** POST /oauth/token with a form body, as `curl --data-urlencode` sends it. */
function tokenRequest(params: Record<string, string>, contentType = 'application/x-www-form-urlencoded'): Promise<Response> {
  return fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': contentType },
    body: new URLSearchParams(params).toString(),
  })
}

async function login(username: string, password: string): Promise<any> {
  const res = await tokenRequest({ grant_type: 'password', username, password })
  assert.equal(res.status, 200, await res.clone().text())
  return res.json()
}

const get = (path: string, token?: string) =>
  fetch(server.url + path, token ? { headers: { Authorization: `Bearer ${token}` } } : {})

function decode(jwt: string): { header: any; payload: any } {
  const [h, p] = jwt.split('.')
  return { header: JSON.parse(Buffer.from(h, 'base64url').toString()), payload: JSON.parse(Buffer.from(p, 'base64url').toString()) }
}

/**
 * The request was authenticated as `name`: allowed (200), or refused by authorization (403)
 * with the user named in the message. Identity does not decide permissions.
 */
async function expectAuthenticatedAs(res: Response, name: string): Promise<void> {
  if (res.status === 200) return
  assert.equal(res.status, 403, `expected 200 or 403 for ${name}, got ${res.status}: ${await res.clone().text()}`)
  assert.match(((await res.json()) as any).message, new RegExp(`User "${name}"`))
}

async function expect401(res: Response, message?: RegExp): Promise<void> {
  assert.equal(res.status, 401)
  const body = (await res.json()) as any
  assert.equal(body.kind, 'Status')
  assert.equal(body.status, 'Failure')
  assert.equal(body.reason, 'Unauthorized')
  assert.equal(body.code, 401)
  if (message) assert.match(body.message, message)
}

async function expectOAuthError(res: Response, status: number, error: string, description?: string): Promise<void> {
  assert.equal(res.status, status)
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/)
  const body = (await res.json()) as any
  assert.equal(body.error, error)
  if (description !== undefined) assert.equal(body.error_description, description)
}

describe('seed 003: the password grant and a bearer call', () => {
  test('POST /oauth/token answers exactly the seed shape; the token lists nodes', async () => {
    const res = await tokenRequest({ grant_type: 'password', username: 'admin', password: ADMIN_PASSWORD })
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/)
    assert.equal(res.headers.get('cache-control'), 'no-store')
    assert.equal(res.headers.get('pragma'), 'no-cache')
    const body = (await res.json()) as any
    assert.deepEqual(Object.keys(body), ['access_token', 'token_type', 'refresh_token', 'expires_in'])
    assert.equal(body.token_type, 'Bearer')
    assert.equal(body.expires_in, 7200)

    const access = decode(body.access_token)
    assert.deepEqual(access.header, { alg: 'HS256', typ: 'JWT' })
    assert.equal(access.payload.username, 'admin')
    assert.equal(access.payload.token_type, 'access_token')
    assert.equal(access.payload.iss, 'kubesphere')
    assert.equal(access.payload.sub, 'admin')
    assert.equal(access.payload.exp - access.payload.iat, 7200)
    assert.equal(access.payload.nbf, access.payload.iat)
    const refresh = decode(body.refresh_token)
    assert.equal(refresh.payload.token_type, 'refresh_token')
    assert.equal(refresh.payload.exp - refresh.payload.iat, 14400)

    const nodes = await get('/api/v1/nodes', body.access_token)
    assert.equal(nodes.status, 200)
    assert.equal(((await nodes.json()) as any).kind, 'NodeList')
  })

  test('the built-in client with its credentials; wrong or unknown clients are refused', async () => {
    const ok = await tokenRequest({ grant_type: 'password', username: 'admin', password: ADMIN_PASSWORD, client_id: 'kubesphere', client_secret: 'kubesphere' })
    assert.equal(ok.status, 200)
    await expectOAuthError(
      await tokenRequest({ grant_type: 'password', username: 'admin', password: ADMIN_PASSWORD, client_id: 'kubesphere', client_secret: 'nope' }),
      401,
      'unauthorized_client',
      'Invalid client credential.',
    )
    await expectOAuthError(
      await tokenRequest({ grant_type: 'password', username: 'admin', password: ADMIN_PASSWORD, client_id: 'nobody', client_secret: 'x' }),
      400,
      'invalid_client',
      'The provided client_id is invalid or does not exist.',
    )
  })
})

describe('OAuth errors of the token endpoint', () => {
  const cases: { name: string; params: Record<string, string>; status: number; error: string; description: string }[] = [
    { name: 'wrong password', params: { grant_type: 'password', username: 'admin', password: WRONG_PASSWORD }, status: 400, error: 'invalid_grant', description: 'Invalid username or password.' },
    { name: 'unknown user', params: { grant_type: 'password', username: 'nobody', password: WRONG_PASSWORD }, status: 400, error: 'invalid_grant', description: 'Invalid username or password.' },
    { name: 'empty password', params: { grant_type: 'password', username: 'admin', password: '' }, status: 400, error: 'invalid_grant', description: 'Invalid username or password.' },
    { name: 'unsupported grant', params: { grant_type: 'client_credentials' }, status: 400, error: 'unsupported_grant_type', description: 'The provided grant_type is not supported.' },
    { name: 'no grant', params: {}, status: 400, error: 'unsupported_grant_type', description: 'The provided grant_type is not supported.' },
    { name: 'bad refresh token', params: { grant_type: 'refresh_token', refresh_token: 'x.y.z' }, status: 400, error: 'invalid_grant', description: 'The refresh token is invalid or expired.' },
    { name: 'code grant without code', params: { grant_type: 'authorization_code' }, status: 400, error: 'invalid_request', description: 'The authorization code is empty or missing.' },
  ]
  for (const c of cases) {
    test(c.name, async () => {
      const res = await tokenRequest(c.params)
      assert.equal(res.headers.get('cache-control'), 'no-store')
      await expectOAuthError(res, c.status, c.error, c.description)
    })
  }

  test('415 for a non-form body, 405 for GET', async () => {
    const json = await tokenRequest({ grant_type: 'password' }, 'application/json')
    assert.equal(json.status, 415)
    assert.equal(await json.text(), '415: Unsupported Media Type')
    const getRes = await fetch(`${server.url}/oauth/token`)
    assert.equal(getRes.status, 405)
  })
})

describe('refresh and logout', () => {
  test('refresh gives working tokens; tokens are not interchangeable', async () => {
    const first = await login('admin', ADMIN_PASSWORD)
    const res = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token })
    assert.equal(res.status, 200)
    const second = (await res.json()) as any
    assert.deepEqual(Object.keys(second), ['access_token', 'token_type', 'refresh_token', 'expires_in'])
    await expectAuthenticatedAs(await get('/api/v1/namespaces', second.access_token), 'admin')
    await expect401(await get('/api/v1/namespaces', first.refresh_token), /refresh_token cannot be used as a bearer token/)
    await expectOAuthError(await tokenRequest({ grant_type: 'refresh_token', refresh_token: first.access_token }), 400, 'invalid_grant')
  })

  test('a logged-out token is refused from then on, by every request; its refresh token still works', async () => {
    const t = await login('admin', ADMIN_PASSWORD)
    await expectAuthenticatedAs(await get('/api/v1/namespaces', t.access_token), 'admin')
    const out = await get('/oauth/logout', t.access_token)
    assert.equal(out.status, 200)
    assert.deepEqual(await out.json(), { message: 'success' })
    const burst = await Promise.all(Array.from({ length: 20 }, () => get('/api/v1/namespaces', t.access_token)))
    for (const r of burst) await expect401(r, /^token not found in cache$/)
    const again = await tokenRequest({ grant_type: 'refresh_token', refresh_token: t.refresh_token })
    assert.equal(again.status, 200)
  })

  test('logout redirects to post_logout_redirect_uri with the state', async () => {
    const t = await login('admin', ADMIN_PASSWORD)
    const res = await fetch(`${server.url}/oauth/logout?post_logout_redirect_uri=${encodeURIComponent('https://console.example/bye')}&state=s1`, {
      headers: { Authorization: `Bearer ${t.access_token}` },
      redirect: 'manual',
    })
    assert.equal(res.status, 302)
    assert.equal(res.headers.get('location'), 'https://console.example/bye?state=s1')
    await expect401(await get('/api/v1/namespaces', t.access_token))
  })
})

describe('bad tokens are 401 Status', () => {
  const issuerAt = (ms: number) => new TokenIssuer(loadOrCreateSigningKey(server.dataDir), { now: () => ms })
  const cases: { name: string; token: () => Promise<string>; message: RegExp }[] = [
    { name: 'expired', token: () => issuerAt(Date.now() - 3 * 3600_000).issue('admin', 'access_token', 7200), message: /^jwt: token is expired by/ },
    { name: 'issued in the future', token: () => issuerAt(Date.now() + 3600_000).issue('admin', 'static_token'), message: /^jwt: token used before issued/ },
    {
      name: 'tampered',
      token: async () => {
        const { access_token } = await login('admin', ADMIN_PASSWORD)
        const [h, p, s] = access_token.split('.')
        const claims = JSON.parse(Buffer.from(p, 'base64url').toString())
        claims.exp += 3600
        return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`
      },
      message: /^signature is invalid$/,
    },
    { name: 'wrongly signed', token: () => new TokenIssuer(new TextEncoder().encode('w'.repeat(48))).issue('admin', 'static_token'), message: /^signature is invalid$/ },
    {
      name: 'alg none',
      token: async () => {
        const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
        return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ username: 'admin', token_type: 'static_token', iat: 1 })}.`
      },
      message: /signing method none is invalid/,
    },
    { name: 'refresh token used as access token', token: async () => (await login('admin', ADMIN_PASSWORD)).refresh_token, message: /cannot be used as a bearer token/ },
    { name: 'access token never issued (not in the store)', token: () => issuerAt(Date.now()).issue('admin', 'access_token', 600), message: /^token not found in cache$/ },
    {
      name: 'revoked',
      token: async () => {
        const { access_token } = await login('admin', ADMIN_PASSWORD)
        await get('/oauth/logout', access_token)
        return access_token
      },
      message: /^token not found in cache$/,
    },
  ]
  for (const c of cases) test(c.name, async () => expect401(await get('/api/v1/namespaces', await c.token()), c.message))

  test('an invalid token is 401 even on the open OAuth paths', async () => {
    await expect401(await get('/oauth/userinfo', 'garbage'))
  })
})

describe('anonymous callers', () => {
  test('get the open OAuth paths only', async () => {
    assert.equal((await get('/.well-known/openid-configuration')).status, 200)
    const info = await get('/oauth/userinfo')
    assert.equal(info.status, 401)
    assert.equal(await info.json(), 'login_required')
    // Without credentials: 401, or 403 for system:anonymous once an authorizer decides.
    const res = await get('/api/v1/namespaces')
    assert.ok([401, 403].includes(res.status), `got ${res.status}`)
    if (res.status === 403) assert.match(((await res.json()) as any).message, /system:anonymous/)
  })
})

describe('users managed with kubectl', () => {
  test('a user created with kubectl logs in; the password is stored as a bcrypt hash', async () => {
    await kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({ apiVersion: 'iam.kubesphere.io/v1beta1', kind: 'User', metadata: { name: 'alice' }, spec: { email: 'alice@example.com', password: ALICE_PASSWORD } }),
    )
    const stored = JSON.parse(await kubectl(['get', 'user', 'alice', '-o', 'json']))
    assert.match(stored.spec.password, /^\$2a\$10\$.{53}$/)
    assert.equal(stored.status.state, 'Active')
    assert.ok(stored.metadata.annotations['iam.kubesphere.io/last-password-change-time'])
    assert.ok(!JSON.stringify(stored).includes(ALICE_PASSWORD))

    const t = await login('alice', ALICE_PASSWORD)
    assert.equal(decode(t.access_token).payload.username, 'alice')
    await expectAuthenticatedAs(await get('/api/v1/namespaces', t.access_token), 'alice')
    const byEmail = await login('alice@example.com', ALICE_PASSWORD)
    assert.equal(decode(byEmail.access_token).payload.username, 'alice')
  })

  test('basic auth with the local password', async () => {
    const auth = (pw: string) => ({ headers: { Authorization: `Basic ${Buffer.from(`alice:${pw}`).toString('base64')}` } })
    await expectAuthenticatedAs(await fetch(`${server.url}/api/v1/namespaces`, auth(ALICE_PASSWORD)), 'alice')
    await expect401(await fetch(`${server.url}/api/v1/namespaces`, auth(WRONG_PASSWORD)), /^incorrect password$/)
  })

  test('a weak password is 422 Invalid and not echoed', async () => {
    const r = await kubectlRaw(
      ['create', '-f', '-'],
      JSON.stringify({ apiVersion: 'iam.kubesphere.io/v1beta1', kind: 'User', metadata: { name: 'weak' }, spec: { email: '', password: WEAK_PASSWORD } }),
    )
    assert.notEqual(r.code, 0)
    assert.match(r.stderr, /The User "weak" is invalid: spec\.password: Invalid value: spec\.password in body should match/)
    assert.ok(!r.stderr.includes(WEAK_PASSWORD))
    assert.equal((await kubectlRaw(['get', 'user', 'weak'])).code, 1)
  })

  test('login records for successes and failures', async () => {
    await tokenRequest({ grant_type: 'password', username: 'alice', password: WRONG_PASSWORD })
    const list = JSON.parse(await kubectl(['get', 'loginrecords', '-l', 'iam.kubesphere.io/user-ref=alice', '-o', 'json']))
    const specs = list.items.map((i: any) => i.spec)
    assert.ok(specs.some((s: any) => s.success === true && s.type === 'Token' && s.reason === 'authenticated successfully' && s.sourceIP === '127.0.0.1'))
    assert.ok(specs.some((s: any) => s.success === false && s.type === 'Token' && s.reason === 'incorrect password'))
    assert.ok(specs.some((s: any) => s.success === false && s.type === 'Password'))
    for (const i of list.items) assert.match(i.metadata.name, /^alice-[a-z0-9]{5}$/)
  })

  test('password change through the API: the old password stops working', async () => {
    const NEW = 'N3w-Secret-alice'
    await kubectl(['patch', 'user', 'alice', '--type', 'merge', '-p', JSON.stringify({ spec: { password: NEW } })])
    await expectOAuthError(await tokenRequest({ grant_type: 'password', username: 'alice', password: ALICE_PASSWORD }), 400, 'invalid_grant')
    await login('alice', NEW)
    await kubectl(['patch', 'user', 'alice', '--type', 'merge', '-p', JSON.stringify({ spec: { password: ALICE_PASSWORD } })])
  })

  test('a disabled user cannot log in and loses existing tokens', async () => {
    const t = await login('alice', ALICE_PASSWORD)
    await kubectl(['patch', 'user', 'alice', '--type', 'merge', '-p', '{"status":{"state":"Disabled"}}'])
    await expectOAuthError(await tokenRequest({ grant_type: 'password', username: 'alice', password: ALICE_PASSWORD }), 400, 'invalid_grant', 'Account suspended.')
    // Refused at once: by the state check, or because the tokens are already revoked.
    await expect401(await get('/api/v1/namespaces', t.access_token), /^(account is not active|token not found in cache)$/)
    await expectOAuthError(await tokenRequest({ grant_type: 'refresh_token', refresh_token: t.refresh_token }), 400, 'invalid_grant')
    await new Promise((r) => setTimeout(r, 500))
    await kubectl(['patch', 'user', 'alice', '--type', 'merge', '-p', '{"status":{"state":"Active"}}'])
    // Re-enabling does not bring the old tokens back.
    await expect401(await get('/api/v1/namespaces', t.access_token), /^token not found in cache$/)
    await login('alice', ALICE_PASSWORD)
  })

  test("a user's own kubeconfig works with kubectl; other users' are refused", async () => {
    const t = await login('alice', ALICE_PASSWORD)
    const res = await get('/kapis/resources.kubesphere.io/v1alpha2/users/alice/kubeconfig', t.access_token)
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/)
    const text = await res.text()
    assert.match(text, /server: https:\/\/127\.0\.0\.1:\d+/)
    assert.match(text, /certificate-authority-data: /)
    const path = join(server.dataDir, 'alice.kubeconfig')
    writeFileSync(path, text, { mode: 0o600 })
    // kubectl reaches the server as alice: the namespaces, or authorization's refusal naming her.
    const asAlice = await kubectlFor(server, { KUBECONFIG: path })(['get', 'namespaces', '-o', 'name'])
    if (asAlice.code === 0) assert.match(asAlice.stdout, /namespace\/default/)
    else assert.match(asAlice.stderr, /User "alice" cannot list resource "namespaces"/)
    const other = await get('/kapis/resources.kubesphere.io/v1alpha2/users/admin/kubeconfig', t.access_token)
    assert.equal(other.status, 403)
  })

  test('deleting a user ends its tokens and login records', async () => {
    await kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'iam.kubesphere.io/v1beta1', kind: 'User', metadata: { name: 'bob' }, spec: { email: 'bob@example.com', password: 'B0b-Secret-xyz' } }))
    const t = await login('bob', 'B0b-Secret-xyz')
    await kubectl(['delete', 'user', 'bob', '--wait=true', '--timeout=30s'])
    await expect401(await get('/api/v1/namespaces', t.access_token))
    assert.equal((await kubectl(['get', 'loginrecords', '-l', 'iam.kubesphere.io/user-ref=bob', '-o', 'name'])).trim(), '')
    await kubectl(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'iam.kubesphere.io/v1beta1', kind: 'User', metadata: { name: 'bob' }, spec: { email: 'bob@example.com', password: 'B0b-Secret-xyz' } }))
    // Same name, new user: the old token does not come back to life.
    await expect401(await get('/api/v1/namespaces', t.access_token))
  })
})

describe('no password in clear', () => {
  test('neither the API nor any log line shows a password', async () => {
    const users = JSON.parse(await kubectl(['get', 'users', '-o', 'json']))
    const records = JSON.parse(await kubectl(['get', 'loginrecords', '-o', 'json']))
    const seen = JSON.stringify(users) + JSON.stringify(records)
    const log = server.output()
    assert.match(log, /"level":20/, 'the server logs at debug level')
    for (const pw of [ADMIN_PASSWORD, ALICE_PASSWORD, WEAK_PASSWORD, WRONG_PASSWORD, 'B0b-Secret-xyz', 'N3w-Secret-alice']) {
      assert.ok(!seen.includes(pw), `API output shows ${pw}`)
      assert.ok(!log.includes(pw), `the log shows ${pw}`)
    }
  })
})
