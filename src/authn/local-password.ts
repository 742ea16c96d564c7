/**
 * Local password authentication (auth.md §6.5), shared by the password grant and HTTP basic:
 * find the user by name (or by e-mail when the login is a mail address), refuse locked and
 * inactive accounts before looking at the password, then compare with bcrypt.
 */
import { UNUSABLE_HASH, verifyPassword } from './password-hash.js'
import { effectiveState, type UserDirectory } from './users.js'

export const LOGIN_FAILURES = ['incorrect', 'rateLimited', 'notActive'] as const
export type LoginFailure = (typeof LOGIN_FAILURES)[number]

/** The error texts of the basic authenticator and of LoginRecords. */
export const LOGIN_FAILURE_MESSAGES: Record<LoginFailure, string> = {
  incorrect: 'incorrect password',
  rateLimited: 'auth rate limit exceeded',
  notActive: 'account is not active',
}

export type PasswordCheck =
  | { ok: true; user: any }
  /** `user` is set when the login named an existing user (so the attempt is recorded). */
  | { ok: false; failure: LoginFailure; user?: any }

export class LocalPasswordAuthenticator {
  constructor(
    private readonly dir: Pick<UserDirectory, 'find'>,
    private readonly lockoutMs: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  async check(login: string, password: string): Promise<PasswordCheck> {
    if (!login || !password) return { ok: false, failure: 'incorrect' }
    const user = await this.dir.find(login)
    if (!user) {
      // Same cost as a real comparison, so response times do not tell which users exist.
      await verifyPassword(password, UNUSABLE_HASH)
      return { ok: false, failure: 'incorrect' }
    }
    const state = effectiveState(user, this.now(), this.lockoutMs())
    if (state === 'AuthLimitExceeded') return { ok: false, failure: 'rateLimited', user }
    if (state !== 'Active') return { ok: false, failure: 'notActive', user }
    const hash = user.spec?.password
    if (typeof hash !== 'string' || !hash || !(await verifyPassword(password, hash))) {
      return { ok: false, failure: 'incorrect', user }
    }
    return { ok: true, user }
  }
}
