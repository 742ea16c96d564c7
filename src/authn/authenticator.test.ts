/**
 * The anonymous and basic authenticators and the union, against fakes: one table of named cases
 * each, a case being a request and the expected outcome (abstain, a user, or a 401 message).
 */
import { before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { AnonymousAuthenticator } from './anonymous.js'
import { CANNOT_AUTHENTICATE, UnionAuthenticator, type Authenticator } from './authenticator.js'
import { BasicAuthenticator, parseBasicAuth } from './basic.js'
import { LocalPasswordAuthenticator } from './local-password.js'
import type { LoginEvent } from './login-recorder.js'
import {
  basic,
  expectOutcome,
  fakeUsers,
  LOCK_MS,
  now,
  outcome,
  req,
  unauthorized,
  type Expected,
  type FakeUsers,
} from './testing.js'

let users: FakeUsers
before(async () => {
  users = await fakeUsers()
})

describe('AnonymousAuthenticator', () => {
  const cases: { name: string; headers: Record<string, string>; want: Expected }[] = [
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
  const cases: { name: string; headers: Record<string, string>; want: Expected; records?: number }[] = [
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

describe('UnionAuthenticator', () => {
  const fixed = (name: string): Authenticator => ({ authenticate: async () => ({ name, groups: [] }) })
  const abstain: Authenticator = { authenticate: async () => undefined }
  const refuse = (m: string): Authenticator => ({
    authenticate: async () => {
      throw unauthorized(m)
    },
  })
  const cases: { name: string; chain: Authenticator[]; want: Expected }[] = [
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
