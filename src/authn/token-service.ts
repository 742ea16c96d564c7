/**
 * Issuing and revoking tokens for logins (auth.md §3.4, §3.5, §5.3 "Token issuance"): an access
 * token and a refresh token per login, both recorded in the token store when they expire; with
 * multipleLogin=false every earlier token of the user is revoked first.
 */
import type { OAuthClient } from './oauth/clients.js'
import { lifetimesFor } from './oauth/clients.js'
import type { AuthOptions } from './options.js'
import type { IssueRequest, TokenClaims, TokenIssuer } from './token-issuer.js'
import { tokenHash, type TokenStore } from './token-store.js'

/** Whom tokens are issued to. */
export interface Subject {
  name: string
  uid?: string
  extra?: Record<string, string[]>
}

/** The token endpoint's success body, fields in upstream's order. */
export interface TokenResponse {
  access_token: string
  token_type: 'Bearer'
  refresh_token: string
  id_token?: string
  expires_in?: number
}

export class TokenService {
  constructor(
    readonly issuer: TokenIssuer,
    readonly store: TokenStore,
    private readonly opts: AuthOptions,
  ) {}

  /** Whether tokens with a lifetime are checked against the store (not when access tokens never expire). */
  get useStore(): boolean {
    return this.opts.accessTokenMaxAgeMs > 0
  }

  /** Issues a token and records it in the store when it has a lifetime. */
  async issue(r: IssueRequest): Promise<{ token: string; claims: TokenClaims }> {
    const issued = await this.issuer.issueToken(r)
    const exp = issued.claims.expiresAt
    if (exp !== undefined && r.tokenType !== 'static_token') {
      await this.store.add(tokenHash(issued.token), { username: r.username, type: r.tokenType, exp })
    }
    return issued
  }

  /** Access + refresh token for a login (any grant), honouring multipleLogin and client lifetimes. */
  async login(subject: Subject, client?: OAuthClient): Promise<TokenResponse> {
    if (!this.opts.multipleLogin) await this.store.revokeAll(subject.name)
    const { maxAgeMs, inactivityMs } = lifetimesFor(client, this.opts.accessTokenMaxAgeMs, this.opts.accessTokenInactivityTimeoutMs)
    const base = { username: subject.name, uid: subject.uid, extra: subject.extra }
    const access = await this.issue({ ...base, tokenType: 'access_token', ttlSeconds: maxAgeMs / 1000 })
    const refresh = await this.issue({ ...base, tokenType: 'refresh_token', ttlSeconds: (maxAgeMs + inactivityMs) / 1000 })
    const body: TokenResponse = { access_token: access.token, token_type: 'Bearer', refresh_token: refresh.token }
    if (maxAgeMs > 0) body.expires_in = Math.floor(maxAgeMs / 1000)
    return body
  }

  /**
   * Checks a token presented to the OAuth server (refresh token, code): signature, time, type
   * and store entry. Undefined when it is not a valid token of that type.
   */
  async redeemable(token: string, type: 'refresh_token' | 'code'): Promise<{ claims: TokenClaims; hash: string } | undefined> {
    const claims = await this.issuer.verify(token)
    if (!claims || claims.tokenType !== type) return undefined
    const hash = tokenHash(token)
    // Codes are single-use, so they are always looked up, even when access tokens never expire.
    if ((this.useStore || type === 'code') && !this.store.has(hash)) return undefined
    return { claims, hash }
  }

  /** Revokes one token (logout). Static tokens get a revocation marker. */
  async revoke(token: string, claims: TokenClaims): Promise<void> {
    await this.store.revoke(tokenHash(token), claims.username, claims.tokenType)
  }
}
