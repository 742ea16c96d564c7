/**
 * The OIDC side of the OAuth server end to end: a client registered as a Secret with kubectl,
 * the authorization-code flow with PKCE and an id_token checked against /oauth/keys, codes bound
 * to their client and used once, authorize errors, discovery, userinfo and TokenReview.
 */
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { createLocalJWKSet, jwtVerify } from 'jose'
import { kubectlFor, mustKubectl } from '../helpers/kubectl.js'
import { startServer, type TestServer } from '../helpers/server.js'

const ADMIN_PASSWORD = 'Adm1n-Oidc-Pass'
const REDIRECT = 'https://app.example/callback'

let server: TestServer
let admin: { access_token: string; refresh_token: string }

async function form(path: string, params: Record<string, string>): Promise<Response> {
  return fetch(server.url + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  })
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

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` }, redirect: 'manual' as const })

before(async () => {
  server = await startServer({ env: { KS_ADMIN_PASSWORD: ADMIN_PASSWORD } })
  const kubectl = mustKubectl(kubectlFor(server))
  const configuration = [
    'name: app',
    'secret: app-secret',
    'grantMethod: auto',
    'scopeRestrictions: [openid, email, profile]',
    `redirectURIs: ["${REDIRECT}"]`,
  ].join('\n')
  await kubectl(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'oauthclient-app', namespace: 'kubesphere-system', labels: { 'config.kubesphere.io/type': 'oauthclient' } },
      type: 'config.kubesphere.io/oauthclient',
      stringData: { 'configuration.yaml': configuration },
    }),
  )
  const res = await form('/oauth/token', { grant_type: 'password', username: 'admin', password: ADMIN_PASSWORD })
  admin = (await res.json()) as any
})

after(async () => {
  await server?.dispose()
})

function authorizeUrl(params: Record<string, string>): string {
  return `${server.url}/oauth/authorize?${new URLSearchParams({ client_id: 'app', redirect_uri: REDIRECT, ...params }).toString()}`
}

/** Runs /oauth/authorize for a code with PKCE; returns the code and its verifier. */
async function getCode(extra: Record<string, string> = {}): Promise<{ code: string; verifier: string; location: URL }> {
  const verifier = randomBytes(32).toString('base64url')
  const challenge = createHash('sha256').update(verifier).digest('base64url')
  const res = await fetch(
    authorizeUrl({ response_type: 'code', scope: 'openid email profile', state: 'st-1', nonce: 'n-1', code_challenge: challenge, code_challenge_method: 'S256', ...extra }),
    bearer(admin.access_token),
  )
  assert.equal(res.status, 302, await res.clone().text())
  const location = new URL(res.headers.get('location')!)
  return { code: location.searchParams.get('code')!, verifier, location }
}

const redeem = (code: string, verifier: string, client: Record<string, string> = { client_id: 'app', client_secret: 'app-secret' }) =>
  form('/oauth/token', { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: REDIRECT, ...client })

describe('authorization code flow', () => {
  test('code with PKCE → tokens and an id_token that verifies against /oauth/keys', async () => {
    const { code, verifier, location } = await getCode()
    assert.equal(`${location.origin}${location.pathname}`, REDIRECT)
    assert.equal(location.searchParams.get('state'), 'st-1')
    const res = await redeem(code, verifier)
    assert.equal(res.status, 200)
    const body = (await res.json()) as any
    assert.deepEqual(Object.keys(body), ['access_token', 'token_type', 'refresh_token', 'id_token', 'expires_in'])
    await expectAuthenticatedAs(await fetch(`${server.url}/api/v1/namespaces`, bearer(body.access_token)), 'admin')

    const jwks = createLocalJWKSet((await (await fetch(`${server.url}/oauth/keys`)).json()) as any)
    const { payload, protectedHeader } = await jwtVerify(body.id_token, jwks, { audience: 'app', issuer: 'kubesphere' })
    assert.equal(protectedHeader.alg, 'RS256')
    assert.ok(protectedHeader.kid)
    assert.equal(payload.sub, 'admin')
    assert.equal(payload['nonce'], 'n-1')
    assert.equal(payload['email'], 'admin@kubesphere.io')
    assert.equal(payload['preferred_username'], 'admin')
    assert.equal(payload['url'], 'admin')
    // An id_token is no credential.
    assert.equal((await fetch(`${server.url}/api/v1/namespaces`, bearer(body.id_token))).status, 401)
  })

  test('a code is used once', async () => {
    const { code, verifier } = await getCode()
    assert.equal((await redeem(code, verifier)).status, 200)
    const again = await redeem(code, verifier)
    assert.equal(again.status, 400)
    assert.deepEqual(await again.json(), { error: 'invalid_grant', error_description: 'The authorization code is invalid or expired.' })
  })

  test('a wrong code_verifier is refused', async () => {
    const { code } = await getCode()
    const res = await redeem(code, randomBytes(32).toString('base64url'))
    assert.equal(res.status, 400)
    assert.equal(((await res.json()) as any).error, 'invalid_grant')
  })

  test('a code is bound to its client', async () => {
    const { code, verifier } = await getCode()
    const res = await redeem(code, verifier, { client_id: 'kubesphere', client_secret: 'kubesphere' })
    assert.equal(res.status, 400)
    assert.deepEqual(await res.json(), { error: 'invalid_request', error_description: 'Redirect URI is not allowed.' })
  })

  test('a code is no bearer token', async () => {
    const { code } = await getCode()
    const res = await fetch(`${server.url}/api/v1/namespaces`, bearer(code))
    assert.equal(res.status, 401)
    assert.match(((await res.json()) as any).message, /code cannot be used as a bearer token/)
  })
})

describe('authorize errors', () => {
  test('unknown client and unregistered redirect URI are JSON errors', async () => {
    const unknown = await fetch(authorizeUrl({ client_id: 'nope', response_type: 'code', scope: 'openid' }), bearer(admin.access_token))
    assert.equal(unknown.status, 400)
    assert.deepEqual(await unknown.json(), { error: 'invalid_client', error_description: 'The provided client_id is invalid or does not exist.' })
    const badRedirect = await fetch(authorizeUrl({ redirect_uri: 'https://evil.example/', response_type: 'code', scope: 'openid' }), bearer(admin.access_token))
    assert.equal(badRedirect.status, 400)
    assert.deepEqual(await badRedirect.json(), { error: 'invalid_request', error_description: 'Redirect URI is not allowed.' })
  })

  const redirected: { name: string; params: Record<string, string>; token?: boolean; error: string }[] = [
    { name: 'scope outside the restrictions', params: { response_type: 'code', scope: 'openid admin', state: 's' }, token: true, error: 'invalid_scope' },
    { name: 'unsupported response type', params: { response_type: 'code token', scope: 'openid', state: 's' }, token: true, error: 'unsupported_response_type' },
    { name: 'anonymous with prompt=none', params: { response_type: 'code', scope: 'openid', state: 's', prompt: 'none' }, token: false, error: 'login_required' },
  ]
  for (const c of redirected) {
    test(c.name, async () => {
      const res = await fetch(authorizeUrl(c.params), c.token ? bearer(admin.access_token) : { redirect: 'manual' })
      assert.equal(res.status, 302)
      const location = new URL(res.headers.get('location')!)
      assert.equal(`${location.origin}${location.pathname}`, REDIRECT)
      assert.equal(location.searchParams.get('error'), c.error)
      assert.equal(location.searchParams.get('state'), 's')
      assert.equal(location.searchParams.get('code'), null)
    })
  }
})

describe('discovery, userinfo, TokenReview', () => {
  test('discovery names this server', async () => {
    const d = (await (await fetch(`${server.url}/.well-known/openid-configuration`)).json()) as any
    assert.equal(d.issuer, 'kubesphere')
    assert.equal(d.token_endpoint, `${server.url}/oauth/token`)
    assert.equal(d.jwks_uri, `${server.url}/oauth/keys`)
    assert.deepEqual(d.code_challenge_methods_supported, ['plain', 'S256'])
  })

  test('userinfo of the caller', async () => {
    const res = await fetch(`${server.url}/oauth/userinfo`, bearer(admin.access_token))
    assert.deepEqual(await res.json(), { sub: 'admin', url: 'admin', email: 'admin@kubesphere.io', preferred_username: 'admin' })
  })

  test('TokenReview of a valid and a revoked token', async () => {
    const review = (token: string) =>
      fetch(`${server.url}/oauth/authenticate`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token } }),
      })
    const t = (await (await form('/oauth/token', { grant_type: 'password', username: 'admin', password: ADMIN_PASSWORD })).json()) as any
    const ok = await review(t.access_token)
    assert.deepEqual(await ok.json(), {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenReview',
      status: { authenticated: true, user: { username: 'admin', uid: '' } },
    })
    await fetch(`${server.url}/oauth/logout`, bearer(t.access_token))
    const revoked = await review(t.access_token)
    assert.equal(revoked.status, 400)
    assert.equal(await revoked.text(), 'token not found in cache\n')
  })
})
