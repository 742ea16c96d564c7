/**
 * Bearer tokens (auth.md §4.3, with this project's fixes): access and static tokens are
 * credentials; refresh tokens and authorization codes are not. A token with a lifetime must
 * still be in the token store (so logout and revocation take effect at once), a static token
 * must not carry a revocation marker, and the named identity must still be acceptable:
 *  - a KubeSphere ServiceAccount (`kubesphere:serviceaccount:<ns>:<name>`) must exist;
 *  - `system:pre-registration` is taken as is;
 *  - a user must exist (with the token's `uid`, when it has one, so a deleted and re-created
 *    user does not inherit old tokens) and be neither Disabled nor locked out. A static token
 *    without `uid` naming no User is accepted: only the holder of the signing key can mint one.
 *
 * Signature checks are cached per token string; everything that can change (expiry, the store,
 * the user) is looked up on every request from memory.
 */
import type { IncomingMessage } from 'node:http'
import { newUnauthorized, quote } from '../apimachinery/errors.js'
import type { UserInfo } from '../apimachinery/user.js'
import { authorizationHeader, type Authenticator } from './authenticator.js'
import { LOGIN_FAILURE_MESSAGES } from './local-password.js'
import { TokenInvalidError, type TokenClaims, type TokenIssuer } from './token-issuer.js'
import { tokenHash, type TokenStore } from './token-store.js'
import { effectiveState, GROUP_AUTHENTICATED, PRE_REGISTRATION_USER, serviceAccountOf, type UserDirectory } from './users.js'

/** Throws a 401 ApiError when the ServiceAccount named by a token is not acceptable (issue 5's hook). */
export type ServiceAccountCheck = (namespace: string, name: string) => void | Promise<void>

export interface BearerOptions {
  issuer: TokenIssuer
  store: TokenStore
  users: Pick<UserDirectory, 'get'>
  /** False when access tokens never expire (max age 0): then the store is not consulted. */
  useStore: () => boolean
  lockoutMs: () => number
  checkServiceAccount: ServiceAccountCheck
  now?: () => number
}

const CACHE_LIMIT = 10_000

interface Verified {
  claims: TokenClaims
  hash: string
}

/** The token of an `Authorization: Bearer <token>` header, split on single spaces as upstream does. */
export function parseBearer(header: string): string | undefined {
  const parts = header.split(' ')
  if (parts.length < 2 || parts[0].toLowerCase() !== 'bearer' || parts[1] === '') return undefined
  return parts[1]
}

export class BearerTokenAuthenticator implements Authenticator {
  private readonly verified = new Map<string, Verified>()
  private readonly now: () => number

  constructor(private readonly o: BearerOptions) {
    this.now = o.now ?? Date.now
  }

  authenticate(req: IncomingMessage): UserInfo | Promise<UserInfo> | undefined {
    const token = parseBearer(authorizationHeader(req))
    if (token === undefined) return undefined
    return this.authenticateToken(token)
  }

  /**
   * The identity of a bearer token; throws 401 with the reason it is refused. Answers
   * synchronously when the token's signature was checked before.
   */
  authenticateToken(token: string): UserInfo | Promise<UserInfo> {
    const hit = this.verified.get(token)
    if (hit) return this.accept(token, hit)
    return this.verify(token).then((v) => this.accept(token, v))
  }

  /** Signature and time checks, the signature part cached. */
  async verify(token: string): Promise<Verified> {
    const hit = this.verified.get(token)
    if (hit) {
      this.checkTime(token, hit)
      return hit
    }
    let v: Verified
    try {
      v = { claims: await this.o.issuer.check(token), hash: tokenHash(token) }
    } catch (err) {
      if (err instanceof TokenInvalidError) throw newUnauthorized(err.message)
      throw err
    }
    if (this.verified.size >= CACHE_LIMIT) this.verified.clear()
    this.verified.set(token, v)
    return v
  }

  private checkTime(token: string, v: Verified): void {
    try {
      this.o.issuer.checkTime(v.claims)
    } catch (err) {
      if (!(err instanceof TokenInvalidError)) throw err
      this.verified.delete(token)
      throw newUnauthorized(err.message)
    }
  }

  /** Everything that can change after issuance: expiry, type, the store, the identity. */
  private accept(token: string, v: Verified): UserInfo | Promise<UserInfo> {
    const { claims, hash } = v
    this.checkTime(token, v)
    if (claims.tokenType !== 'access_token' && claims.tokenType !== 'static_token') {
      throw newUnauthorized(`token of type ${claims.tokenType} cannot be used as a bearer token`)
    }
    if (claims.tokenType === 'static_token') {
      if (this.o.store.isRevoked(hash)) throw newUnauthorized('token has been revoked')
    } else if (this.o.useStore() && !this.o.store.has(hash)) {
      throw newUnauthorized('token not found in cache')
    }
    return this.identity(claims)
  }

  private identity(claims: TokenClaims): UserInfo | Promise<UserInfo> {
    const sa = serviceAccountOf(claims.username)
    if (sa || claims.username === PRE_REGISTRATION_USER) {
      const user: UserInfo = { name: claims.username, groups: [], ...(claims.extra ? { extra: claims.extra } : {}) }
      const checked = sa ? this.o.checkServiceAccount(sa.namespace, sa.name) : undefined
      return checked instanceof Promise ? checked.then(() => user) : user
    }
    const user = this.o.users.get(claims.username)
    const notFound = () => newUnauthorized(`users.iam.kubesphere.io ${quote(claims.username)} not found`)
    if (!user) {
      if (claims.tokenType === 'static_token' && !claims.uid) return { name: claims.username, groups: [GROUP_AUTHENTICATED] }
      throw notFound()
    }
    if (claims.uid && user.metadata?.uid !== claims.uid) throw notFound()
    const state = effectiveState(user, this.now(), this.o.lockoutMs())
    if (state === 'Disabled') throw newUnauthorized(LOGIN_FAILURE_MESSAGES.notActive)
    if (state === 'AuthLimitExceeded') throw newUnauthorized(LOGIN_FAILURE_MESSAGES.rateLimited)
    return { name: claims.username, groups: [GROUP_AUTHENTICATED] }
  }
}
