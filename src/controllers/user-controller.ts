/**
 * The User controller (auth.md §6.4, §6.7): keeps the finalizer on users, moves new users to
 * Active, applies the lock-out rule and lifts a lock once its time is over (a timer per locked
 * user), revokes the stored tokens of disabled and locked users, and on deletion removes what
 * belongs to the user (LoginRecords, iam bindings labelled with it, its token store entries)
 * before letting the User go.
 */
import { isNotFound } from '../apimachinery/errors.js'
import { deepEqual, rfc3339 } from '../apimachinery/meta.js'
import { SYSTEM_USER } from '../apimachinery/user.js'
import { nextStatus, lockRemainingMs } from '../authn/lockout.js'
import { attemptsOf } from '../authn/login-recorder.js'
import type { AuthOptions } from '../authn/options.js'
import type { TokenStore } from '../authn/token-store.js'
import { effectiveState, IAM_GROUP, LABEL_USER_REF, USER_FINALIZER, type UserDirectory } from '../authn/users.js'
import type { ResourceRegistry } from '../registry/registry.js'
import type { Store, WriteOptions } from '../registry/store.js'
import { Controller } from './runtime.js'

const opts = (version: string): WriteOptions => ({ user: SYSTEM_USER, version, fieldManager: 'user-controller' })

/** The timer limit of setTimeout; longer waits re-check when it fires. */
const MAX_DELAY_MS = 2 ** 31 - 1

export interface UserControllerDeps {
  users: UserDirectory
  registry: ResourceRegistry
  tokens: TokenStore
  options: AuthOptions
  now?: () => number
}

export class UserController {
  readonly controller: Controller
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private readonly now: () => number

  constructor(private readonly d: UserControllerDeps) {
    this.now = d.now ?? Date.now
    this.controller = new Controller('user', (key) => this.reconcile(key))
  }

  async start(): Promise<void> {
    const store = this.d.users.users
    if (store) await this.controller.watch(store)
  }

  stop(): void {
    this.controller.stop()
    for (const t of this.timers.values()) clearTimeout(t)
    this.timers.clear()
  }

  private get store(): Store {
    const s = this.d.users.users
    if (!s) throw new Error('users.iam.kubesphere.io is not served')
    return s
  }

  private async reconcile(name: string): Promise<void> {
    const user = this.store.getCached('', name)?.obj
    if (!user) return
    if (user.metadata.deletionTimestamp) return this.finalize(user)
    const attempts = attemptsOf(await this.d.users.loginRecordsOf(name))
    const policy = { maxTries: this.d.options.authenticateRateLimiterMaxTries, windowMs: this.d.options.authenticateRateLimiterDurationMs }
    const wanted = (cur: any) => {
      const next = { ...cur, metadata: { ...cur.metadata } }
      const finalizers: string[] = cur.metadata.finalizers ?? []
      if (!finalizers.includes(USER_FINALIZER)) next.metadata.finalizers = [...finalizers, USER_FINALIZER]
      const change = nextStatus(cur.status, attempts, this.now(), policy)
      if (change) {
        next.status = { ...cur.status, state: change.state, lastTransitionTime: rfc3339(change.lastTransitionTime) }
        if (change.reason) next.status.reason = change.reason
        else delete next.status.reason
      }
      return next
    }
    let current = user
    if (!deepEqual(wanted(user), user)) {
      try {
        current = (await this.store.guaranteedUpdate('', name, opts(this.store.info.version), undefined, wanted)).object
      } catch (err) {
        if (isNotFound(err)) return
        throw err
      }
    }
    const state = effectiveState(current, this.now(), policy.windowMs)
    if (state === 'Disabled' || state === 'AuthLimitExceeded') await this.d.tokens.revokeAll(name)
    this.scheduleUnlock(name, current)
  }

  private scheduleUnlock(name: string, user: any): void {
    const existing = this.timers.get(name)
    if (existing) clearTimeout(existing)
    this.timers.delete(name)
    const remaining = lockRemainingMs(user.status, this.now(), this.d.options.authenticateRateLimiterDurationMs)
    if (remaining === undefined) return
    const t = setTimeout(
      () => {
        this.timers.delete(name)
        this.controller.enqueue(name)
      },
      // The timestamp has second precision; a little slack avoids waking up just before the end.
      Math.min(MAX_DELAY_MS, remaining + 50),
    )
    t.unref()
    this.timers.set(name, t)
  }

  /** Deletes what belongs to the user, then drops the finalizer. */
  private async finalize(user: any): Promise<void> {
    const name: string = user.metadata.name
    if (!(user.metadata.finalizers ?? []).includes(USER_FINALIZER)) return
    for (const store of this.ownedStores()) {
      const page = await store.deps.cache.list(store.collectionPrefix(''))
      for (const c of page.items) {
        if (c.obj.metadata?.labels?.[LABEL_USER_REF] !== name) continue
        try {
          await store.delete(c.obj.metadata.namespace ?? '', c.obj.metadata.name, {}, opts(store.info.version))
        } catch (err) {
          if (!isNotFound(err)) throw err
        }
      }
    }
    await this.d.tokens.forgetUser(name)
    try {
      await this.store.guaranteedUpdate('', name, opts(this.store.info.version), undefined, (cur: any) => ({
        ...cur,
        metadata: { ...cur.metadata, finalizers: (cur.metadata.finalizers ?? []).filter((f: string) => f !== USER_FINALIZER) },
      }))
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
  }

  /** LoginRecords and the iam.kubesphere.io bindings, which carry the user-ref label. */
  private ownedStores(): Store[] {
    return this.d.registry
      .stores()
      .filter((s) => s.info.group === IAM_GROUP && (s.info.resource === 'loginrecords' || s.info.resource.endsWith('bindings')))
  }
}
