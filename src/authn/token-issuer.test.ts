import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { CompactSign, SignJWT } from 'jose'
import { TokenInvalidError, TokenIssuer } from './token-issuer.js'

const secret = new TextEncoder().encode('s'.repeat(48))
const T0 = Date.UTC(2024, 6, 18, 17, 36, 6)

function decode(token: string): { header: any; payload: any } {
  const [h, p] = token.split('.')
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(p, 'base64url').toString()),
  }
}

async function rejectMessage(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    assert.ok(e instanceof TokenInvalidError, `expected TokenInvalidError, got ${String(e)}`)
    return e.message
  }
  assert.fail('expected the token to be rejected')
}

describe('TokenIssuer.issue', () => {
  test('access tokens carry the seed claims, nbf = iat, exp = iat + ttl', async () => {
    const issuer = new TokenIssuer(secret, { now: () => T0 })
    const { token } = await issuer.issueToken({ username: 'admin', tokenType: 'access_token', ttlSeconds: 7200, uid: 'u-1' })
    const { header, payload } = decode(token)
    assert.deepEqual(header, { alg: 'HS256', typ: 'JWT' })
    const iat = T0 / 1000
    assert.match(payload.jti, /^[A-Za-z0-9_-]{16}$/)
    delete payload.jti
    assert.deepEqual(payload, {
      iss: 'kubesphere',
      sub: 'admin',
      exp: iat + 7200,
      iat,
      nbf: iat,
      token_type: 'access_token',
      username: 'admin',
      uid: 'u-1',
    })
  })

  test('two logins in the same second get different tokens', async () => {
    const issuer = new TokenIssuer(secret, { now: () => T0 })
    const a = await issuer.issue('admin', 'access_token', 60)
    const b = await issuer.issue('admin', 'access_token', 60)
    assert.notEqual(a, b)
  })

  test('static tokens have no exp, nbf or jti (seed 000 shape)', async () => {
    const issuer = new TokenIssuer(secret, { issuer: 'http://ks-console.kubesphere-system.svc:30880', now: () => T0 })
    const token = await issuer.issue('kubesphere:serviceaccount:default:sample', 'static_token')
    assert.deepEqual(decode(token).payload, {
      iss: 'http://ks-console.kubesphere-system.svc:30880',
      sub: 'kubesphere:serviceaccount:default:sample',
      iat: 1721324166,
      token_type: 'static_token',
      username: 'kubesphere:serviceaccount:default:sample',
    })
  })

  test('codes carry audience, scopes, nonce and their binding', async () => {
    const issuer = new TokenIssuer(secret, { now: () => T0 })
    const { token, claims } = await issuer.issueToken({
      username: 'bob',
      tokenType: 'code',
      ttlSeconds: 600,
      audience: ['app'],
      scopes: ['openid'],
      nonce: 'n',
      redirectUri: 'https://app/cb',
      codeChallenge: 'abc',
      codeChallengeMethod: 'S256',
    })
    assert.deepEqual(decode(token).payload.aud, ['app'])
    const checked = await issuer.check(token)
    assert.deepEqual(checked, claims)
    assert.equal(checked.redirectUri, 'https://app/cb')
    assert.equal(checked.codeChallengeMethod, 'S256')
  })
})

describe('TokenIssuer.check', () => {
  test('round trip', async () => {
    const issuer = new TokenIssuer(secret, { now: () => T0 })
    const token = await issuer.issue('alice', 'refresh_token', 60)
    const c = await issuer.check(token)
    assert.equal(c.username, 'alice')
    assert.equal(c.tokenType, 'refresh_token')
    assert.equal(c.expiresAt, T0 / 1000 + 60)
  })

  const rejections: { name: string; token: () => Promise<string>; now?: number; message: RegExp }[] = [
    {
      name: 'expired',
      token: () => new TokenIssuer(secret, { now: () => T0 }).issue('a', 'access_token', 60),
      now: T0 + 61_000,
      message: /^jwt: token is expired by 1s$/,
    },
    {
      name: 'expired exactly at exp',
      token: () => new TokenIssuer(secret, { now: () => T0 }).issue('a', 'access_token', 60),
      now: T0 + 60_000,
      message: /^jwt: token is expired by 0s$/,
    },
    {
      name: 'issued too far in the future',
      token: () => new TokenIssuer(secret, { now: () => T0 + 60_000 }).issue('a', 'access_token', 600),
      now: T0,
      message: /^jwt: token used before issued, iat:\d+, now:\d+$/,
    },
    {
      name: 'signed with another secret',
      token: () => new TokenIssuer(new TextEncoder().encode('x'.repeat(48)), { now: () => T0 }).issue('a', 'access_token', 60),
      message: /^signature is invalid$/,
    },
    {
      name: 'tampered payload',
      token: async () => {
        const t = await new TokenIssuer(secret, { now: () => T0 }).issue('alice', 'access_token', 60)
        const [h, , s] = t.split('.')
        const forged = Buffer.from(JSON.stringify({ username: 'admin', token_type: 'access_token', iat: T0 / 1000 })).toString('base64url')
        return `${h}.${forged}.${s}`
      },
      message: /^signature is invalid$/,
    },
    {
      name: 'alg none',
      token: async () => {
        const h = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')
        const p = Buffer.from(JSON.stringify({ username: 'admin', token_type: 'static_token', iat: 1 })).toString('base64url')
        return `${h}.${p}.`
      },
      message: /signing method none is invalid/,
    },
    { name: 'not a JWT', token: async () => 'abc', message: /invalid number of segments/ },
    { name: 'garbage segments', token: async () => 'a.b.c', message: /malformed|invalid/ },
    {
      name: 'no token_type',
      token: () => new SignJWT({ username: 'a' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(T0 / 1000).sign(secret),
      message: /^token is malformed: invalid claims$/,
    },
  ]
  for (const c of rejections) {
    test(`rejects: ${c.name}`, async () => {
      const issuer = new TokenIssuer(secret, { now: () => c.now ?? T0 })
      assert.match(await rejectMessage(issuer.check(await c.token())), c.message)
    })
  }

  test('accepts tokens without iss, sub, nbf, uid and with unknown claims (v3 seed shape)', async () => {
    const payload = { username: 'admin', uid: 'x', token_type: 'access_token', exp: T0 / 1000 + 7200, iat: T0 / 1000, whatever: [1] }
    const token = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(secret)
    const c = await new TokenIssuer(secret, { issuer: 'other', now: () => T0 }).check(token)
    assert.equal(c.username, 'admin')
    assert.equal(c.tokenType, 'access_token')
  })

  test('verify() answers undefined instead of throwing', async () => {
    assert.equal(await new TokenIssuer(secret).verify('nope'), undefined)
  })
})
