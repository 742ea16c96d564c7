/**
 * The bearer authenticator against a real token store and fake users: one table of named cases,
 * a case being a request and the expected outcome (abstain, a user, or a 401 message), plus
 * expiry, revocation and the verification cache.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { openSqliteStorage } from '../storage/sqlite/sqlite-storage.js'
import { BearerTokenAuthenticator } from './bearer.js'
import {
  clock,
  expectOutcome,
  fakeUsers,
  LOCK_MS,
  now,
  outcome,
  req,
  T0,
  unauthorized,
  type Expected,
  type FakeUsers,
} from './testing.js'
import { TokenIssuer, type IssueRequest } from './token-issuer.js'
import { tokenHash, TokenStore } from './token-store.js'

const secret = new TextEncoder().encode('k'.repeat(48))

let users: FakeUsers
before(async () => {
  users = await fakeUsers()
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
        if (name !== 'sample') throw unauthorized(`serviceaccounts.kubesphere.io "${name}" not found`)
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
    want: Expected
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

  test('a token verified before is answered without a promise', async () => {
    useStore = true
    const t = await token({ username: 'alice' })
    const first = bearer.authenticate(req(auth(t)))
    assert.ok(first instanceof Promise)
    await first
    const again = bearer.authenticate(req(auth(t)))
    assert.ok(!(again instanceof Promise))
    assert.equal(again?.name, 'alice')
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
