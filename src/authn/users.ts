/**
 * The User and LoginRecord kinds as authentication sees them (auth.md §6, §7): names of the
 * annotations, labels and groups KubeSphere uses, and read-only lookups over the registry.
 */
import type { UserInfo } from '../apimachinery/user.js'
import type { ResourceRegistry } from '../registry/registry.js'
import type { Store } from '../registry/store.js'

export const IAM_GROUP = 'iam.kubesphere.io'
export const USERS = { group: IAM_GROUP, resource: 'users' } as const
export const LOGIN_RECORDS = { group: IAM_GROUP, resource: 'loginrecords' } as const

export const ANNOTATION_UNINITIALIZED = 'iam.kubesphere.io/uninitialized'
export const ANNOTATION_LAST_PASSWORD_CHANGE = 'iam.kubesphere.io/last-password-change-time'
export const ANNOTATION_GLOBALROLE = 'iam.kubesphere.io/globalrole'
export const ANNOTATION_CREATOR = 'kubesphere.io/creator'
export const LABEL_USER_REF = 'iam.kubesphere.io/user-ref'
export const USER_FINALIZER = 'finalizers.kubesphere.io/users'

export const USER_STATES = ['Active', 'Disabled', 'AuthLimitExceeded'] as const
export type UserState = (typeof USER_STATES)[number]

export const ANONYMOUS_USER = 'system:anonymous'
export const GROUP_UNAUTHENTICATED = 'system:unauthenticated'
export const GROUP_AUTHENTICATED = 'system:authenticated'
export const PRE_REGISTRATION_USER = 'system:pre-registration'

export const ANONYMOUS: Readonly<UserInfo> = Object.freeze({ name: ANONYMOUS_USER, groups: [GROUP_UNAUTHENTICATED] })

export function isAnonymous(user: UserInfo | undefined): boolean {
  return user?.name === ANONYMOUS_USER
}

/** `kubesphere:serviceaccount:<namespace>:<name>` names a KubeSphere ServiceAccount. */
export function serviceAccountOf(username: string): { namespace: string; name: string } | undefined {
  const parts = username.split(':')
  if (parts.length !== 4 || parts[0] !== 'kubesphere' || parts[1] !== 'serviceaccount') return undefined
  return { namespace: parts[2], name: parts[3] }
}

/** A bare RFC 5322 addr-spec or `Name <addr>`, the forms Go's mail.ParseAddress accepts in practice. */
export function isMailAddress(s: string): boolean {
  const addr = /^[^<>]*<([^<>]+)>$/.exec(s.trim())?.[1] ?? s.trim()
  return /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/.test(addr) && !addr.startsWith('.') && !addr.endsWith('.')
}

/**
 * The state that applies now: a lock-out whose time is over counts as Active even before the
 * controller has written that down, so recovery never waits for a reconcile.
 */
export function effectiveState(user: any, now: number, lockoutMs: number): string {
  const status = user?.status ?? {}
  if (status.state === 'AuthLimitExceeded') {
    const since = Date.parse(status.lastTransitionTime ?? '')
    if (Number.isNaN(since) || since + lockoutMs <= now) return 'Active'
  }
  return status.state ?? ''
}

/** The token `extra` of a password login: `uninitialized` while the annotation is present. */
export function loginExtra(user: any): Record<string, string[]> | undefined {
  const v = user?.metadata?.annotations?.[ANNOTATION_UNINITIALIZED]
  return typeof v === 'string' ? { uninitialized: [v] } : undefined
}

export class UserDirectory {
  constructor(private readonly registry: ResourceRegistry) {}

  get users(): Store | undefined {
    return this.registry.storeFor(USERS.group, USERS.resource)
  }

  get loginRecords(): Store | undefined {
    return this.registry.storeFor(LOGIN_RECORDS.group, LOGIN_RECORDS.resource)
  }

  /** The stored User (shared: never mutate), or undefined. */
  get(name: string): any {
    return this.users?.getCached('', name)?.obj
  }

  /** By e-mail when the login name is a mail address (first exact match), else by name. */
  async find(login: string): Promise<any> {
    return isMailAddress(login) ? this.findByEmail(login) : this.get(login)
  }

  /** The first user whose spec.email is exactly `email`. */
  async findByEmail(email: string): Promise<any> {
    const store = this.users
    if (!store) return undefined
    const page = await store.deps.cache.list(store.collectionPrefix(''))
    return page.items.find((c) => c.obj.spec?.email === email)?.obj
  }

  /** Every stored LoginRecord of `username` (shared objects). */
  async loginRecordsOf(username: string): Promise<any[]> {
    const store = this.loginRecords
    if (!store) return []
    const page = await store.deps.cache.list(store.collectionPrefix(''))
    return page.items.map((c) => c.obj).filter((o) => o.metadata?.labels?.[LABEL_USER_REF] === username)
  }
}
