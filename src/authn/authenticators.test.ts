/**
 * Every request authenticator against fakes: one table of named cases per authenticator, each
 * case a request (headers) and the expected outcome (abstain, user, or 401 message).
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { IncomingMessage } from 'node:http'
import { ApiError } from '../apimachinery/errors.js'
import type { UserInfo } from '../apimachinery/user.js'
import { openSqliteStorage } from '../storage/sqlite/sqlite-storage.js'
import { AnonymousAuthenticator } from './anonymous.js'
import { CANNOT_AUTHENTICATE, UnionAuthenticator, type Authenticator } from './authenticator.js'
import { BasicAuthenticator, parseBasicAuth } from './basic.js'
import { BearerTokenAuthenticator } from './bearer.js'
import { LocalPasswordAuthenticator } from './local-password.js'
import type { LoginEvent } from './login-recorder.js'
import { hashPassword } from './password-hash.js'
import { TokenIssuer, type IssueRequest } from './token-issuer.js'
import { tokenHash, TokenStore } from './token-store.js'

const T0 = Date.UTC(2026, 5, 1, 8, 0, 0)
const clock = { now: T0 }
const now = () => clock.now
const LOCK_MS = 10 * 60_000
const secret = new TextEncoder().encode('k'.repeat(48))
const iso = (ms: number) => new Date(ms).toISOString()

function req(headers: Record<string, string> = {}): IncomingMessage {
  return { headers, socket: { remoteAddress: '::1' } } as unknown as IncomingMessage
}
const basic = (user: string, pw: string) => `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}`

/** A user directory over a fixed set of User objects. */
class FakeUsers {
  constructor(readonly byName: Record<string, any>) {}
  get(name: string) {
    return this.byName[name]
  }
  async find(login: string) {
    return login.includes('@')
      ? Object.values(this.byName).find((u) => u.spec?.email === login)
      : this.byName[login]
  }
}

type Outcome = { abstain: true } | { user: Partial<UserInfo> } | { error: RegExp }

async function outcome(a: Authenticator, r: IncomingMessage): Promise<Outcome> {
  try {
    const user = await a.authenticate(r)
    return user ? { user } : { abstain: true }
  } catch (e) {
    if (e instanceof ApiError && e.code === 401) return { error: new RegExp(e.message) }
    throw e
  }
}

function expectOutcome(got: Outcome, want: Outcome): void {
  if ('error' in want) {
    assert.ok('error' in got, `expected 401, got ${JSON.stringify(got)}`)
    assert.match(got.error.source, want.error)
  } else if ('user' in want) {
    assert.ok(
      'user' in got,
      `expected a user, got ${JSON.stringify('error' in got ? got.error.source : got)}`,
    )
    for (const [k, v] of Object.entries(want.user)) assert.deepEqual((got.user as any)[k], v, k)
  } else assert.deepEqual(got, want)
}

let users: FakeUsers
before(async () => {
  const hash = await hashPassword('Passw0rd!', 4)
  users = new FakeUsers({
    alice: {
      metadata: { name: 'alice', uid: 'uid-alice' },
      spec: { email: 'alice@example.com', password: hash, groups: ['dev'] },
      status: { state: 'Active' },
    },
    dora: {
      metadata: { name: 'dora', uid: 'uid-dora' },
      spec: { email: 'dora@example.com', password: hash },
      status: { state: 'Disabled' },
    },
    lena: {
      metadata: { name: 'lena', uid: 'uid-lena' },
      spec: { email: '', password: hash },
      status: { state: 'AuthLimitExceeded', lastTransitionTime: iso(T0 - 60_000) },
    },
    olga: {
      metadata: { name: 'olga', uid: 'uid-olga' },
      spec: { email: '', password: hash },
      status: { state: 'AuthLimitExceeded', lastTransitionTime: iso(T0 - LOCK_MS - 1000) },
    },
    nopw: { metadata: { name: 'nopw', uid: 'uid-nopw' }, spec: { email: '' }, status: { state: 'Active' } },
  })
})

describe('AnonymousAuthenticator', () => {
  const cases: { name: string; headers: Record<string, string>; want: Outcome }[] = [
    {
      name: 'no header',
      headers: {},
      want: { user: { name: 'system:anonymous', groups: ['system:unauthenticated'] } },
    },
    { name: 'blank header', headers: { authorization: '  ' }, want: { user: { name: 'system:anonymous' } } },
    { name: 'any credentials', headers: { authorization: 'Bearer x' }, want: { abstain: true } },
    {
      name: 'KubeSphere header',
      headers: { 'x-kubesphere-authorization': 'Bearer x' },
      want: { abstain: true },
    },
  ]
  for (const c of cases)
    test(c.name, async () =>
      expectOutcome(await outcome(new AnonymousAuthenticator(), req(c.headers)), c.want),
    )
})

describe('BasicAuthenticator', () => {
  const recorded: { user: string; e: LoginEvent }[] = []
  const make = () =>
    new BasicAuthenticator(new LocalPasswordAuthenticator(users, () => LOCK_MS, now), {
      record: async (user: string, e: LoginEvent) => void recorded.push({ user, e }),
    })
  const cases: { name: string; headers: Record<string, string>; want: Outcome; records?: number }[] = [
    { name: 'no header', headers: {}, want: { abstain: true } },
    { name: 'bearer', headers: { authorization: 'Bearer abc' }, want: { abstain: true } },
    { name: 'not base64', headers: { authorization: 'Basic %%%' }, want: { abstain: true } },
    {
      name: 'no colon',
      headers: { authorization: `Basic ${Buffer.from('alice').toString('base64')}` },
      want: { abstain: true },
    },
    {
      name: 'right password: spec.groups plus system:authenticated',
      headers: { authorization: basic('alice', 'Passw0rd!') },
      want: { user: { name: 'alice', groups: ['dev', 'system:authenticated'] } },
    },
    {
      name: 'lowercase scheme',
      headers: { authorization: basic('alice', 'Passw0rd!').replace('Basic', 'basic') },
      want: { user: { name: 'alice' } },
    },
    {
      name: 'login by e-mail gives the user name',
      headers: { authorization: basic('alice@example.com', 'Passw0rd!') },
      want: { user: { name: 'alice' } },
    },
    {
      name: 'wrong password is recorded',
      headers: { authorization: basic('alice', 'nope') },
      want: { error: /^incorrect password$/ },
      records: 1,
    },
    {
      name: 'unknown user is not recorded',
      headers: { authorization: basic('zed', 'Passw0rd!') },
      want: { error: /^incorrect password$/ },
      records: 0,
    },
    {
      name: 'empty password',
      headers: { authorization: basic('alice', '') },
      want: { error: /^incorrect password$/ },
      records: 0,
    },
    {
      name: 'user without password',
      headers: { authorization: basic('nopw', 'Passw0rd!') },
      want: { error: /^incorrect password$/ },
      records: 1,
    },
    {
      name: 'disabled',
      headers: { authorization: basic('dora', 'Passw0rd!') },
      want: { error: /^account is not active$/ },
      records: 0,
    },
    {
      name: 'locked out',
      headers: { authorization: basic('lena', 'Passw0rd!') },
      want: { error: /^auth rate limit exceeded$/ },
      records: 0,
    },
    {
      name: 'lock over',
      headers: { authorization: basic('olga', 'Passw0rd!') },
      want: { user: { name: 'olga' } },
    },
  ]
  for (const c of cases) {
    test(c.name, async () => {
      recorded.length = 0
      expectOutcome(await outcome(make(), req(c.headers)), c.want)
      assert.equal(recorded.length, c.records ?? 0)
      for (const r of recorded) {
        assert.equal(r.e.type, 'Password')
        assert.equal(r.e.success, false)
        assert.equal(r.e.sourceIP, '127.0.0.1')
      }
    })
  }

  test('parseBasicAuth keeps colons in the password', () => {
    assert.deepEqual(parseBasicAuth(basic('a', 'b:c')), { username: 'a', password: 'b:c' })
  })
})

describe('BearerTokenAuthenticator', () => {
  const storage = openSqliteStorage(':memory:', { compactIntervalMs: 0 })
  const store = new TokenStore(storage, { now, sweepIntervalMs: 0 })
  const issuer = new TokenIssuer(secret, { now })
  const saChecks: string[] = []
  let useStore = true
  let bearer: BearerTokenAuthenticator
  const makeBearer = () =>
    new BearerTokenAuthenticator({
      issuer,
      store,
      users,
      useStore: () => useStore,
      lockoutMs: () => LOCK_MS,
      checkServiceAccount: (ns, name) => {
        saChecks.push(`${ns}/${name}`)
        if (name !== 'sample')
          throw new ApiError({
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            code: 401,
            reason: 'Unauthorized',
            message: `serviceaccounts.kubesphere.io "${name}" not found`,
          })
      },
      now,
    })
  // The fake directory is filled in the outer `before`.
  before(async () => {
    bearer = makeBearer()
    await store.start()
  })
  after(async () => {
    store.stop()
    await storage.close()
  })

  /** Issues a token, recorded in the store unless `stored` is false. */
  async function token(r: Partial<IssueRequest> & { username: string }, stored = true): Promise<string> {
    const { token: t, claims } = await issuer.issueToken({
      tokenType: 'access_token',
      ttlSeconds: 3600,
      ...r,
    })
    if (stored && claims.expiresAt)
      await store.add(tokenHash(t), { username: r.username, type: claims.tokenType, exp: claims.expiresAt })
    return t
  }
  const auth = (t: string) => ({ authorization: `Bearer ${t}` })

  const cases: {
    name: string
    headers: () => Promise<Record<string, string>>
    want: Outcome
    useStore?: boolean
  }[] = [
    { name: 'no header', headers: async () => ({}), want: { abstain: true } },
    { name: 'other scheme', headers: async () => ({ authorization: 'Token abc' }), want: { abstain: true } },
    {
      name: 'Bearer without token',
      headers: async () => ({ authorization: 'Bearer' }),
      want: { abstain: true },
    },
    {
      name: 'two spaces after Bearer',
      headers: async () => ({ authorization: 'Bearer  abc' }),
      want: { abstain: true },
    },
    {
      name: 'stored access token',
      headers: async () =>
        auth(await token({ username: 'alice', uid: 'uid-alice', extra: { uninitialized: ['true'] } })),
      want: { user: { name: 'alice', groups: ['system:authenticated'], extra: undefined } },
    },
    {
      name: 'lowercase scheme, X-KubeSphere-Authorization',
      headers: async () => ({ 'x-kubesphere-authorization': `bearer ${await token({ username: 'alice' })}` }),
      want: { user: { name: 'alice' } },
    },
    {
      name: 'access token not in the store',
      headers: async () => auth(await token({ username: 'alice' }, false)),
      want: { error: /^token not found in cache$/ },
    },
    {
      name: 'store not consulted when access tokens never expire',
      headers: async () => auth(await token({ username: 'alice', ttlSeconds: 0 }, false)),
      useStore: false,
      want: { user: { name: 'alice' } },
    },
    {
      name: 'refresh token as access token',
      headers: async () => auth(await token({ username: 'alice', tokenType: 'refresh_token' })),
      want: { error: /refresh_token cannot be used/ },
    },
    {
      name: 'code as access token',
      headers: async () => auth(await token({ username: 'alice', tokenType: 'code' })),
      want: { error: /code cannot be used/ },
    },
    {
      name: 'signed with another secret',
      headers: async () =>
        auth(
          await new TokenIssuer(new TextEncoder().encode('z'.repeat(48)), { now }).issue(
            'alice',
            'static_token',
          ),
        ),
      want: { error: /^signature is invalid$/ },
    },
    {
      name: 'tampered',
      headers: async () => {
        const [h, p, s] = (await token({ username: 'alice' })).split('.')
        const claims = JSON.parse(Buffer.from(p, 'base64url').toString())
        claims.username = 'admin'
        return auth(`${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`)
      },
      want: { error: /^signature is invalid$/ },
    },
    {
      name: 'garbage',
      headers: async () => auth('not-a-jwt'),
      want: { error: /invalid number of segments/ },
    },
    {
      name: 'static token without uid, no such user',
      headers: async () => auth(await token({ username: 'ghost', tokenType: 'static_token', ttlSeconds: 0 })),
      want: { user: { name: 'ghost', groups: ['system:authenticated'] } },
    },
    {
      name: 'static token with uid, no such user',
      headers: async () =>
        auth(await token({ username: 'ghost', uid: 'u', tokenType: 'static_token', ttlSeconds: 0 })),
      want: { error: /^users\.iam\.kubesphere\.io "ghost" not found$/ },
    },
    {
      name: 'access token, no such user',
      headers: async () => auth(await token({ username: 'ghost' })),
      want: { error: /"ghost" not found/ },
    },
    {
      name: 'uid of a deleted and re-created user',
      headers: async () => auth(await token({ username: 'alice', uid: 'old-uid' })),
      want: { error: /"alice" not found/ },
    },
    {
      name: 'disabled user',
      headers: async () => auth(await token({ username: 'dora' })),
      want: { error: /^account is not active$/ },
    },
    {
      name: 'locked-out user',
      headers: async () => auth(await token({ username: 'lena' })),
      want: { error: /^auth rate limit exceeded$/ },
    },
    {
      name: 'lock over',
      headers: async () => auth(await token({ username: 'olga' })),
      want: { user: { name: 'olga' } },
    },
    {
      name: 'service account: exists, no groups, extra kept',
      headers: async () =>
        auth(
          await token({
            username: 'kubesphere:serviceaccount:default:sample',
            tokenType: 'static_token',
            ttlSeconds: 0,
            extra: { k: ['v'] },
          }),
        ),
      want: { user: { name: 'kubesphere:serviceaccount:default:sample', groups: [], extra: { k: ['v'] } } },
    },
    {
      name: 'service account: missing',
      headers: async () =>
        auth(
          await token({
            username: 'kubesphere:serviceaccount:default:gone',
            tokenType: 'static_token',
            ttlSeconds: 0,
          }),
        ),
      want: { error: /^serviceaccounts\.kubesphere\.io "gone" not found$/ },
    },
    {
      name: 'pre-registration',
      headers: async () => auth(await token({ username: 'system:pre-registration' })),
      want: { user: { name: 'system:pre-registration', groups: [] } },
    },
  ]
  for (const c of cases) {
    test(c.name, async () => {
      useStore = c.useStore ?? true
      expectOutcome(await outcome(bearer, req(await c.headers())), c.want)
    })
  }

  test('expired, also after a cached verification', async () => {
    useStore = true
    const t = await token({ username: 'alice', ttlSeconds: 60 })
    expectOutcome(await outcome(bearer, req(auth(t))), { user: { name: 'alice' } })
    clock.now += 61_000
    try {
      expectOutcome(await outcome(bearer, req(auth(t))), { error: /^jwt: token is expired by 1s$/ })
    } finally {
      clock.now = T0
    }
  })

  test('revocation takes effect on the next request despite the verification cache', async () => {
    useStore = true
    const t = await token({ username: 'alice' })
    for (let i = 0; i < 3; i++)
      expectOutcome(await outcome(bearer, req(auth(t))), { user: { name: 'alice' } })
    await store.revoke(tokenHash(t), 'alice', 'access_token')
    expectOutcome(await outcome(bearer, req(auth(t))), { error: /^token not found in cache$/ })
  })

  test('a revoked static token is refused', async () => {
    const t = await token({ username: 'ghost', tokenType: 'static_token', ttlSeconds: 0 })
    expectOutcome(await outcome(bearer, req(auth(t))), { user: { name: 'ghost' } })
    await store.revoke(tokenHash(t), 'ghost', 'static_token')
    expectOutcome(await outcome(bearer, req(auth(t))), { error: /^token has been revoked$/ })
  })

  test('service account checks ran', () =>
    assert.ok(saChecks.includes('default/sample') && saChecks.includes('default/gone')))
})

describe('UnionAuthenticator', () => {
  const fixed = (name: string): Authenticator => ({ authenticate: async () => ({ name, groups: [] }) })
  const abstain: Authenticator = { authenticate: async () => undefined }
  const refuse = (m: string): Authenticator => ({
    authenticate: async () => {
      throw new ApiError({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        code: 401,
        reason: 'Unauthorized',
        message: m,
      })
    },
  })
  const cases: { name: string; chain: Authenticator[]; want: Outcome }[] = [
    { name: 'first answer wins', chain: [abstain, fixed('a'), fixed('b')], want: { user: { name: 'a' } } },
    {
      name: 'a refusal does not stop later authenticators',
      chain: [refuse('no'), fixed('b')],
      want: { user: { name: 'b' } },
    },
    {
      name: 'one refusal is the message',
      chain: [abstain, refuse('token not found in cache')],
      want: { error: /^token not found in cache$/ },
    },
    {
      name: 'several refusals are joined',
      chain: [refuse('e1'), refuse('e2')],
      want: { error: /^\[e1, e2\]$/ },
    },
    {
      name: 'all abstain',
      chain: [abstain, abstain],
      want: { error: new RegExp(`^${CANNOT_AUTHENTICATE.replace('.', '\\.')}$`) },
    },
  ]
  for (const c of cases)
    test(c.name, async () => expectOutcome(await outcome(new UnionAuthenticator(c.chain), req()), c.want))

  test('the real union: odd header shapes are refused, none is anonymous', async () => {
    const union = new UnionAuthenticator([
      new AnonymousAuthenticator(),
      new BasicAuthenticator(new LocalPasswordAuthenticator(users, () => LOCK_MS, now), {
        record: async () => {},
      }),
    ])
    expectOutcome(await outcome(union, req({ authorization: 'Token x' })), {
      error: /cannot be authenticated/,
    })
    expectOutcome(await outcome(union, req()), { user: { name: 'system:anonymous' } })
  })
})
