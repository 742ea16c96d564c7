/**
 * Fixtures shared by the authenticator tests: a fixed clock, fake requests, a user directory
 * over fixed User objects, and a way to state an authenticator's expected outcome.
 */
import assert from 'node:assert/strict'
import type { IncomingMessage } from 'node:http'
import { ApiError } from '../apimachinery/errors.js'
import type { UserInfo } from '../apimachinery/user.js'
import type { Authenticator } from './authenticator.js'
import { hashPassword } from './password-hash.js'

export const T0 = Date.UTC(2026, 5, 1, 8, 0, 0)
export const clock = { now: T0 }
export const now = () => clock.now
export const LOCK_MS = 10 * 60_000
export const PASSWORD = 'Passw0rd!'
const iso = (ms: number) => new Date(ms).toISOString()

export function req(headers: Record<string, string> = {}): IncomingMessage {
  return { headers, socket: { remoteAddress: '::1' } } as unknown as IncomingMessage
}

export const basic = (user: string, pw: string) => `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}`

/** A user directory over a fixed set of User objects. */
export class FakeUsers {
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

/** alice (Active, groups [dev]), dora (Disabled), lena (locked), olga (lock over), nopw (no password). */
export async function fakeUsers(): Promise<FakeUsers> {
  const hash = await hashPassword(PASSWORD, 4)
  return new FakeUsers({
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
}

/** What an authenticator did: abstained, answered a user, or refused (401 with a message). */
export type Outcome = { abstain: true } | { user: Partial<UserInfo> } | { error: string }
/** What a test expects; a refusal's message is matched against a pattern. */
export type Expected = { abstain: true } | { user: Partial<UserInfo> } | { error: RegExp }

export async function outcome(a: Authenticator, r: IncomingMessage): Promise<Outcome> {
  try {
    const user = await a.authenticate(r)
    return user ? { user } : { abstain: true }
  } catch (e) {
    if (e instanceof ApiError && e.code === 401) return { error: e.message }
    throw e
  }
}

export function expectOutcome(got: Outcome, want: Expected): void {
  if ('error' in want) {
    assert.ok('error' in got, `expected 401, got ${JSON.stringify(got)}`)
    assert.match(got.error, want.error)
  } else if ('user' in want) {
    assert.ok('user' in got, `expected a user, got ${JSON.stringify(got)}`)
    for (const [k, v] of Object.entries(want.user)) assert.deepEqual((got.user as any)[k], v, k)
  } else assert.deepEqual(got, want)
}

/** A 401 ApiError, as authenticators throw them. */
export function unauthorized(message: string): ApiError {
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    code: 401,
    reason: 'Unauthorized',
    message,
  })
}
