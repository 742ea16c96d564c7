/**
 * Request authentication. Bearer JWTs signed with the installation's secret are accepted;
 * refresh tokens are not credentials. Verified tokens are cached until they expire, so the
 * signature is checked once per token rather than once per request.
 */
import type { IncomingMessage } from 'node:http'
import { newUnauthorized } from '../apimachinery/errors.js'
import type { UserInfo } from '../apimachinery/user.js'
import type { TokenIssuer } from './token-issuer.js'

export interface Authenticator {
  /** The caller, or undefined when the request carries no credentials. Throws 401 on bad ones. */
  authenticate(req: IncomingMessage): Promise<UserInfo | undefined>
}

const CACHE_LIMIT = 10_000

export class BearerTokenAuthenticator implements Authenticator {
  private readonly cache = new Map<string, { user: UserInfo; expiresAt: number }>()

  constructor(private readonly issuer: TokenIssuer) {}

  async authenticate(req: IncomingMessage): Promise<UserInfo | undefined> {
    const header = req.headers.authorization
    if (!header) return undefined
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (!m) return undefined
    const token = m[1]
    const now = Date.now()
    const hit = this.cache.get(token)
    if (hit && hit.expiresAt > now) return hit.user
    const claims = await this.issuer.verify(token)
    if (!claims || claims.tokenType === 'refresh_token') throw newUnauthorized()
    const user: UserInfo = { name: claims.username, groups: ['system:authenticated'] }
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear()
    const expiresAt = claims.expiresAt ? claims.expiresAt * 1000 : now + 5 * 60_000
    this.cache.set(token, { user, expiresAt: Math.min(expiresAt, now + 5 * 60_000) })
    return user
  }
}
