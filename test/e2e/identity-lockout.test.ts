/**
 * Login protection end to end, with the windows shortened by flags so the test is fast: single
 * login (--multiple-login false), lock-out after N failures and automatic recovery, login
 * record limits and retention, and the token store surviving a restart.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { kubectlFor, mustKubectl } from '../helpers/kubectl.js'
import { startServer, type TestServer } from '../helpers/server.js'

const ADMIN_PASSWORD = 'Adm1n-Lock-Pass'
const CAROL_PASSWORD = 'Car0l-Secret-1'
const MAX_TRIES = 3
const LOCK_SECONDS = 3
const MAX_RECORDS = 4
const RETENTION_SECONDS = 6
const ARGS = [
  '--multiple-login',
  'false',
  '--authenticate-rate-limiter-max-retries',
  String(MAX_TRIES),
  '--authenticate-rate-limiter-duration',
  `${LOCK_SECONDS}s`,
  '--login-history-maximum-entries',
  String(MAX_RECORDS),
  '--login-history-retention-period',
  `${RETENTION_SECONDS}s`,
]
const ENV = { KS_ADMIN_PASSWORD: ADMIN_PASSWORD }

let server: TestServer
let kubectl: ReturnType<typeof mustKubectl>

before(async () => {
  server = await startServer({ args: ARGS, env: ENV })
  kubectl = mustKubectl(kubectlFor(server))
  await kubectl(
    ['apply', '-f', '-'],
    JSON.stringify({ apiVersion: 'iam.kubesphere.io/v1beta1', kind: 'User', metadata: { name: 'carol' }, spec: { email: 'carol@example.com', password: CAROL_PASSWORD } }),
  )
})

after(async () => {
  await server?.dispose()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function tokenRequest(params: Record<string, string>): Promise<Response> {
  return fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  })
}

const passwordGrant = (username: string, password: string) => tokenRequest({ grant_type: 'password', username, password })

async function login(username: string, password: string): Promise<any> {
  const res = await passwordGrant(username, password)
  assert.equal(res.status, 200, await res.clone().text())
  return res.json()
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

const get = (path: string, token: string) => fetch(server.url + path, { headers: { Authorization: `Bearer ${token}` } })

/** Polls `check` until it returns true or `ms` pass. */
async function eventually(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`)
    await sleep(200)
  }
}

const userJson = async (name: string) => JSON.parse(await kubectl(['get', 'user', name, '-o', 'json']))
const recordsOf = async (name: string) =>
  JSON.parse(await kubectl(['get', 'loginrecords', '-l', `iam.kubesphere.io/user-ref=${name}`, '-o', 'json'])).items as any[]

describe('single login', () => {
  test('with --multiple-login false a new login revokes the earlier tokens', async () => {
    const first = await login('carol', CAROL_PASSWORD)
    await expectAuthenticatedAs(await get('/api/v1/namespaces', first.access_token), 'carol')
    const second = await login('carol', CAROL_PASSWORD)
    const old = await get('/api/v1/namespaces', first.access_token)
    assert.equal(old.status, 401)
    assert.equal(((await old.json()) as any).message, 'token not found in cache')
    assert.equal((await tokenRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token })).status, 400)
    await expectAuthenticatedAs(await get('/api/v1/namespaces', second.access_token), 'carol')
  })
})

describe('lock-out', () => {
  test(`${MAX_TRIES} failures lock the account; it recovers after ${LOCK_SECONDS}s`, async () => {
    const session = await login('carol', CAROL_PASSWORD)
    for (let i = 0; i < MAX_TRIES; i++) {
      const res = await passwordGrant('carol', 'Wr0ng-password')
      assert.equal(res.status, 400)
      assert.deepEqual(await res.json(), { error: 'invalid_grant', error_description: 'Invalid username or password.' })
    }
    const locked = await passwordGrant('carol', CAROL_PASSWORD)
    const lockedAt = Date.now()
    assert.equal(locked.status, 429)
    assert.deepEqual(await locked.json(), { error: 'invalid_grant', error_description: 'Rate limit exceeded.' })

    const user = await userJson('carol')
    assert.equal(user.status.state, 'AuthLimitExceeded')
    assert.equal(user.status.reason, `Failed login attempts exceed ${MAX_TRIES} in last ${LOCK_SECONDS}s`)
    // A locked user loses the tokens it had.
    assert.equal((await get('/api/v1/namespaces', session.access_token)).status, 401)
    const basic = await fetch(`${server.url}/api/v1/namespaces`, {
      headers: { Authorization: `Basic ${Buffer.from(`carol:${CAROL_PASSWORD}`).toString('base64')}` },
    })
    assert.equal(basic.status, 401)
    assert.equal(((await basic.json()) as any).message, 'auth rate limit exceeded')

    await eventually(async () => (await passwordGrant('carol', CAROL_PASSWORD)).status === 200, 10_000, 'the lock to end')
    // Timestamps have second precision, so the lock lasts between LOCK_SECONDS-1 and LOCK_SECONDS.
    assert.ok(Date.now() - lockedAt >= (LOCK_SECONDS - 1) * 1000, 'the lock lasted its window')
    await eventually(async () => (await userJson('carol')).status.state === 'Active', 5000, 'the controller to mark carol Active')
    assert.equal((await userJson('carol')).status.reason, undefined)
  })

  test('basic-auth failures count too', async () => {
    const wrong = { headers: { Authorization: `Basic ${Buffer.from('carol:Nope-nope-1').toString('base64')}` } }
    for (let i = 0; i < MAX_TRIES; i++) assert.equal((await fetch(`${server.url}/api/v1/namespaces`, wrong)).status, 401)
    assert.equal((await passwordGrant('carol', CAROL_PASSWORD)).status, 429)
    await eventually(async () => (await passwordGrant('carol', CAROL_PASSWORD)).status === 200, 10_000, 'the lock to end')
  })
})

describe('login records', () => {
  test(`at most ${MAX_RECORDS} per user, none older than ${RETENTION_SECONDS}s; lastLoginTime follows`, async () => {
    for (let i = 0; i < MAX_RECORDS + 2; i++) await login('admin', ADMIN_PASSWORD)
    await eventually(async () => (await recordsOf('admin')).length === MAX_RECORDS, 5000, 'the oldest records to go')
    const user = await userJson('admin')
    const newest = Math.max(...(await recordsOf('admin')).map((r) => Date.parse(r.metadata.creationTimestamp)))
    assert.equal(Date.parse(user.status.lastLoginTime), newest)
    await eventually(async () => (await recordsOf('carol')).length === 0, (RETENTION_SECONDS + 5) * 1000, 'retention to delete old records')
  })
})

describe('restart', () => {
  test('issued tokens stay valid and revoked ones stay revoked', async () => {
    const kept = await login('admin', ADMIN_PASSWORD)
    const dropped = await login('carol', CAROL_PASSWORD)
    await get('/oauth/logout', dropped.access_token)
    await server.stop()
    server = await startServer({ dataDir: server.dataDir, args: ARGS, env: ENV })
    kubectl = mustKubectl(kubectlFor(server))
    await expectAuthenticatedAs(await get('/api/v1/namespaces', kept.access_token), 'admin')
    assert.equal((await get('/api/v1/namespaces', dropped.access_token)).status, 401)
    assert.equal((await tokenRequest({ grant_type: 'refresh_token', refresh_token: dropped.refresh_token })).status, 200)
  })
})
