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

/** The token of an `Authorization: Bearer <token>` header, split on single spaces as upstream does. */
export function parseBearer(header: string): string | undefined {
  const parts = header.split(' ')
  if (parts.length < 2 || parts[0].toLowerCase() !== 'bearer' || parts[1] === '') return undefined
  return parts[1]
}

export class BearerTokenAuthenticator implements Authenticator {
  private readonly verified = new Map<string, { claims: TokenClaims; hash: string }>()
  private readonly now: () => number

  constructor(private readonly o: BearerOptions) {
    this.now = o.now ?? Date.now
  }

  async authenticate(req: IncomingMessage): Promise<UserInfo | undefined> {
    const token = parseBearer(authorizationHeader(req))
    if (token === undefined) return undefined
    return this.authenticateToken(token)
  }

  /** The identity of a bearer token; throws 401 with the reason it is refused. */
  async authenticateToken(token: string): Promise<UserInfo> {
    const { claims, hash } = await this.verify(token)
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

  /** Signature and time checks, the signature part cached. */
  async verify(token: string): Promise<{ claims: TokenClaims; hash: string }> {
    let hit = this.verified.get(token)
    try {
      if (hit) this.o.issuer.checkTime(hit.claims)
      else {
        hit = { claims: await this.o.issuer.check(token), hash: tokenHash(token) }
        if (this.verified.size >= CACHE_LIMIT) this.verified.clear()
        this.verified.set(token, hit)
      }
    } catch (err) {
      if (err instanceof TokenInvalidError) {
        this.verified.delete(token)
        throw newUnauthorized(err.message)
      }
      throw err
    }
    return hit
  }

  private async identity(claims: TokenClaims): Promise<UserInfo> {
    const sa = serviceAccountOf(claims.username)
    if (sa) {
      await this.o.checkServiceAccount(sa.namespace, sa.name)
      return { name: claims.username, groups: [], ...(claims.extra ? { extra: claims.extra } : {}) }
    }
    if (claims.username === PRE_REGISTRATION_USER) {
      return { name: claims.username, groups: [], ...(claims.extra ? { extra: claims.extra } : {}) }
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
