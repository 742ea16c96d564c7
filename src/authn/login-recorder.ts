/**
 * Writes LoginRecords (auth.md §7.2) and applies the lock-out rule right after each failure, so
 * the attempt that reaches the limit already locks the account; a lock also revokes the user's
 * stored tokens (a locked or disabled user loses existing tokens at once).
 */
import { isNotFound } from '../apimachinery/errors.js'
import { rfc3339 } from '../apimachinery/meta.js'
import { SYSTEM_USER } from '../apimachinery/user.js'
import { logger } from '../observability/logger.js'
import type { WriteOptions } from '../registry/store.js'
import { nextStatus, type Attempt } from './lockout.js'
import type { AuthOptions } from './options.js'
import type { TokenStore } from './token-store.js'
import { LABEL_USER_REF, type UserDirectory } from './users.js'

export const LOGIN_TYPES = ['Password', 'OAuth', 'Token'] as const
export type LoginType = (typeof LOGIN_TYPES)[number]

export const REASON_SUCCESS = 'authenticated successfully'

export interface LoginEvent {
  type: LoginType
  provider: string
  success: boolean
  reason: string
  sourceIP: string
  userAgent?: string
}

const writeOpts = (version: string): WriteOptions => ({ user: SYSTEM_USER, version, fieldManager: 'ks-apiserver-authn' })

export function attemptsOf(records: any[]): Attempt[] {
  return records.map((r) => ({ success: r.spec?.success === true, at: Date.parse(r.metadata?.creationTimestamp ?? '') || 0 }))
}

export class LoginRecorder {
  constructor(
    private readonly dir: UserDirectory,
    private readonly tokens: TokenStore,
    private readonly opts: AuthOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records an attempt by an existing user (by metadata.name). Failures to write are logged, not thrown. */
  async record(username: string, e: LoginEvent): Promise<void> {
    const store = this.dir.loginRecords
    if (!store) return
    const spec: Record<string, unknown> = { type: e.type, provider: e.provider, sourceIP: e.sourceIP, success: e.success, reason: e.reason }
    if (e.userAgent) spec['userAgent'] = e.userAgent
    try {
      await store.create(
        '',
        {
          apiVersion: `${store.info.group}/${store.info.version}`,
          kind: 'LoginRecord',
          metadata: { generateName: `${username}-`, labels: { [LABEL_USER_REF]: username } },
          spec,
        },
        writeOpts(store.info.version),
      )
      if (!e.success) await this.evaluate(username)
    } catch (err) {
      logger.warn({ user: username, err: (err as Error).message }, 'recording a login failed')
    }
  }

  /** Applies the lock-out rule to the user's current records. */
  async evaluate(username: string): Promise<void> {
    const users = this.dir.users
    if (!users?.getCached('', username)) return
    const attempts = attemptsOf(await this.dir.loginRecordsOf(username))
    const policy = { maxTries: this.opts.authenticateRateLimiterMaxTries, windowMs: this.opts.authenticateRateLimiterDurationMs }
    let locked = false
    try {
      await users.guaranteedUpdate('', username, writeOpts(users.info.version), undefined, (cur: any) => {
        const change = nextStatus(cur.status, attempts, this.now(), policy)
        locked = change?.state === 'AuthLimitExceeded'
        if (!change) return cur
        const status = { ...cur.status, state: change.state, lastTransitionTime: rfc3339(change.lastTransitionTime) }
        if (change.reason) status.reason = change.reason
        else delete status.reason
        return { ...cur, status }
      })
    } catch (err) {
      if (isNotFound(err)) return
      throw err
    }
    if (locked) {
      logger.info({ user: username }, 'user locked out after failed logins')
      await this.tokens.revokeAll(username)
    }
  }
}
