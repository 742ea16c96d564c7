/**
 * The token store (auth.md §3.5): the issued tokens that are still valid. A token with a
 * lifetime is accepted only while its entry exists, so deleting the entry revokes it; logout,
 * single-login and disabling a user work that way.
 *
 * Entries live in the server's own storage under /ks-apiserver/tokens/<user>/<sha256 of the
 * token>, outside /registry/ so no API can read them, and only the hash is kept, so a copy of
 * the database yields no usable token. Being in storage, revocation survives a restart and is
 * seen by every replica that shares the storage: each replica follows the prefix with a watch
 * and answers lookups from memory (a lookup costs one Map access).
 *
 * Static tokens never enter the store as valid entries; revoking one writes a `revoked` marker
 * instead, which the bearer authenticator honours.
 */
import { createHash } from 'node:crypto'
import { logger } from '../observability/logger.js'
import { isStorageError, type KeyValue, type Storage, type Watcher, type WatchEvent } from '../storage/interface.js'
import type { TokenType } from './token-issuer.js'

export const TOKEN_STORE_PREFIX = '/ks-apiserver/tokens/'

export interface TokenRecord {
  username: string
  type: TokenType
  /** Unix seconds; 0 when the token never expires. */
  exp: number
  /** A marker for a revoked token that has no entry of its own (static tokens). */
  revoked?: boolean
}

export interface TokenStoreOptions {
  now?: () => number
  /** How often expired entries are deleted; 0 disables the sweeper. */
  sweepIntervalMs?: number
}

/** The store's key for a token: hex SHA-256, computed once per verified token. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

const userPrefix = (username: string) => `${TOKEN_STORE_PREFIX}${encodeURIComponent(username)}/`

export class TokenStore {
  private readonly entries = new Map<string, { key: string; record: TokenRecord }>()
  /** Revision of our own deletions whose watch event has not arrived yet: older PUTs must not resurrect them. */
  private readonly tombstones = new Map<string, number>()
  private watcher?: Watcher
  private sweeper?: NodeJS.Timeout
  private stopped = false
  private readonly now: () => number

  constructor(
    private readonly storage: Storage,
    private readonly opts: TokenStoreOptions = {},
  ) {
    this.now = opts.now ?? Date.now
  }

  async start(): Promise<void> {
    await this.follow()
    const every = this.opts.sweepIntervalMs ?? 10 * 60_000
    if (every > 0) {
      this.sweeper = setInterval(() => void this.sweep().catch((err) => logger.warn({ err }, 'token sweep failed')), every)
      this.sweeper.unref()
    }
  }

  stop(): void {
    this.stopped = true
    this.watcher?.cancel()
    if (this.sweeper) clearInterval(this.sweeper)
  }

  /** True while the token's entry exists, is not a revocation marker and has not expired. */
  has(hash: string): boolean {
    const e = this.entries.get(hash)
    return !!e && !e.record.revoked && !this.expired(e.record)
  }

  isRevoked(hash: string): boolean {
    return this.entries.get(hash)?.record.revoked === true
  }

  /** Records an issued token; it is valid once this resolves. */
  async add(hash: string, record: TokenRecord): Promise<void> {
    const key = userPrefix(record.username) + hash
    try {
      await this.storage.create(key, JSON.stringify(record))
    } catch (err) {
      if (!isStorageError(err, 'KeyExists')) throw err
    }
    this.entries.set(hash, { key, record })
  }

  /**
   * Revokes one token: its entry goes, or (for a token without one) a revocation marker is
   * written under `username`. Rejected from the moment this resolves.
   */
  async revoke(hash: string, username: string, type: TokenType): Promise<void> {
    const e = this.entries.get(hash)
    if (e && !e.record.revoked) {
      await this.remove(hash, e.key)
      return
    }
    if (type === 'static_token' && !e) await this.add(hash, { username, type, exp: 0, revoked: true })
  }

  /** Revokes every stored token of the user (markers stay). Returns how many went. */
  async revokeAll(username: string): Promise<number> {
    const prefix = userPrefix(username)
    let n = 0
    for (const [hash, e] of [...this.entries]) {
      if (!e.key.startsWith(prefix) || e.record.revoked) continue
      await this.remove(hash, e.key)
      n++
    }
    return n
  }

  /** Forgets everything about a user, markers included (the user is gone). */
  async forgetUser(username: string): Promise<void> {
    const prefix = userPrefix(username)
    for (const [hash, e] of [...this.entries]) if (e.key.startsWith(prefix)) await this.remove(hash, e.key)
  }

  /** Deletes expired entries. */
  async sweep(): Promise<number> {
    let n = 0
    for (const [hash, e] of [...this.entries]) {
      if (!this.expired(e.record)) continue
      await this.remove(hash, e.key)
      n++
    }
    return n
  }

  /** Live entries of a user (for tests and diagnostics). */
  countFor(username: string): number {
    const prefix = userPrefix(username)
    return [...this.entries.values()].filter((e) => e.key.startsWith(prefix) && !e.record.revoked && !this.expired(e.record)).length
  }

  private expired(r: TokenRecord): boolean {
    return r.exp > 0 && r.exp * 1000 <= this.now()
  }

  private async remove(hash: string, key: string): Promise<void> {
    this.entries.delete(hash)
    try {
      const deleted = await this.storage.delete(key)
      this.tombstones.set(hash, deleted.modRevision)
    } catch (err) {
      if (!isStorageError(err, 'KeyNotFound')) throw err
    }
  }

  /** Loads the prefix and applies every later change, starting over if history was compacted. */
  private async follow(): Promise<void> {
    const listed = await this.storage.list(TOKEN_STORE_PREFIX)
    this.entries.clear()
    this.tombstones.clear()
    for (const kv of listed.items) this.apply('PUT', kv)
    this.watcher = this.storage.watch(TOKEN_STORE_PREFIX, listed.revision, {
      onEvents: (events: WatchEvent[]) => {
        for (const ev of events) this.apply(ev.type, ev.kv)
      },
      onError: (err) => {
        if (this.stopped) return
        logger.warn({ err: err.message }, 'token store watch ended; reloading')
        void this.follow().catch((e) => logger.error({ err: e }, 'token store reload failed'))
      },
    })
  }

  private apply(type: 'PUT' | 'DELETE', kv: KeyValue): void {
    const hash = kv.key.slice(kv.key.lastIndexOf('/') + 1)
    const deletedAt = this.tombstones.get(hash)
    if (type === 'DELETE') {
      this.entries.delete(hash)
      if (deletedAt !== undefined && deletedAt <= kv.modRevision) this.tombstones.delete(hash)
      return
    }
    if (deletedAt !== undefined && kv.modRevision <= deletedAt) return
    try {
      this.entries.set(hash, { key: kv.key, record: JSON.parse(kv.value) as TokenRecord })
    } catch {
      logger.warn({ key: kv.key }, 'unreadable token store entry ignored')
    }
  }
}
