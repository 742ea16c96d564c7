/**
 * The LoginRecord controller (auth.md §7.3): records without a user-ref label or whose user is
 * gone are deleted; each user keeps at most loginHistoryMaximumEntries records (oldest deleted
 * first); records older than loginHistoryRetentionPeriod are deleted by a periodic sweep; and
 * the user's status.lastLoginTime follows the newest record.
 */
import { isNotFound } from '../apimachinery/errors.js'
import { rfc3339 } from '../apimachinery/meta.js'
import { SYSTEM_USER } from '../apimachinery/user.js'
import type { AuthOptions } from '../authn/options.js'
import { LABEL_USER_REF, type UserDirectory } from '../authn/users.js'
import { logger } from '../observability/logger.js'
import type { Store, WriteOptions } from '../registry/store.js'
import { Controller } from './runtime.js'

const opts = (version: string): WriteOptions => ({ user: SYSTEM_USER, version, fieldManager: 'loginrecord-controller' })

const created = (o: any): number => Date.parse(o.metadata?.creationTimestamp ?? '') || 0

const revision = (o: any): number => Number(o.metadata?.resourceVersion) || 0

/**
 * Newest first. Records are never updated, so within one second (the timestamps' precision)
 * the resourceVersion tells the order they were written in.
 */
export function newestFirst(a: any, b: any): number {
  return created(b) - created(a) || revision(b) - revision(a)
}

export interface LoginRecordControllerDeps {
  users: UserDirectory
  options: AuthOptions
  now?: () => number
}

export class LoginRecordController {
  readonly controller: Controller
  private sweeper?: NodeJS.Timeout
  private readonly now: () => number

  constructor(private readonly d: LoginRecordControllerDeps) {
    this.now = d.now ?? Date.now
    this.controller = new Controller('loginrecord', (key) => this.reconcile(key))
  }

  async start(): Promise<void> {
    const records = this.d.users.loginRecords
    if (!records) return
    await this.controller.watch(records, (type, obj) => (type === 'DELETED' ? [] : [obj.metadata.name]))
    // Expiry needs no event; look every tenth of the retention period (between 1 s and 1 min).
    const every = Math.min(60_000, Math.max(1000, this.d.options.loginHistoryRetentionPeriodMs / 10))
    this.sweeper = setInterval(() => void this.sweep().catch((err) => logger.warn({ err }, 'login record sweep failed')), every)
    this.sweeper.unref()
  }

  stop(): void {
    this.controller.stop()
    if (this.sweeper) clearInterval(this.sweeper)
  }

  /** Queues every record that has outlived the retention period. */
  async sweep(): Promise<void> {
    const store = this.d.users.loginRecords
    if (!store) return
    const page = await store.deps.cache.list(store.collectionPrefix(''))
    for (const c of page.items) if (this.expired(c.obj)) this.controller.enqueue(c.obj.metadata.name)
  }

  private expired(record: any): boolean {
    return created(record) + this.d.options.loginHistoryRetentionPeriodMs <= this.now()
  }

  private async reconcile(name: string): Promise<void> {
    const store = this.d.users.loginRecords
    const record = store?.getCached('', name)?.obj
    if (!store || !record) return
    const username = record.metadata.labels?.[LABEL_USER_REF]
    const user = username ? this.d.users.get(username) : undefined
    if (!user || this.expired(record)) return this.remove(store, name)
    const records = (await this.d.users.loginRecordsOf(username)).sort(newestFirst)
    for (const old of records.slice(this.d.options.loginHistoryMaximumEntries)) await this.remove(store, old.metadata.name)
    await this.updateLastLogin(username, created(records[0] ?? record))
  }

  private async updateLastLogin(username: string, at: number): Promise<void> {
    const users = this.d.users.users
    const user = users?.getCached('', username)?.obj
    if (!users || !user || user.metadata.deletionTimestamp) return
    const current = Date.parse(user.status?.lastLoginTime ?? '') || 0
    if (at <= current) return
    try {
      await users.guaranteedUpdate('', username, opts(users.info.version), undefined, (cur: any) => {
        if ((Date.parse(cur.status?.lastLoginTime ?? '') || 0) >= at) return cur
        return { ...cur, status: { ...cur.status, lastLoginTime: rfc3339(at) } }
      })
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
  }

  private async remove(store: Store, name: string): Promise<void> {
    try {
      await store.delete('', name, {}, opts(store.info.version))
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
  }
}
