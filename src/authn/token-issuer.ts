/**
 * JWTs as KubeSphere issues them: HS256 with the installation's secret, claims iss, sub,
 * username, token_type, iat (and exp, nbf for tokens that expire).
 */
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose'

export type TokenType = 'access_token' | 'refresh_token' | 'static_token'

export interface TokenClaims {
  username: string
  tokenType: TokenType
  /** Absent for static tokens, which never expire. */
  expiresAt?: number
  issuedAt: number
}

export const DEFAULT_ISSUER = 'kubesphere'

export class TokenIssuer {
  constructor(
    private readonly secret: Uint8Array,
    private readonly issuer: string = DEFAULT_ISSUER,
  ) {}

  async issue(username: string, tokenType: TokenType, ttlSeconds?: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000)
    const jwt = new SignJWT({ username, token_type: tokenType })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(this.issuer)
      .setSubject(username)
      .setIssuedAt(now)
    if (ttlSeconds !== undefined) jwt.setExpirationTime(now + ttlSeconds).setNotBefore(now)
    return jwt.sign(this.secret)
  }

  /** The token's claims, or undefined when it is malformed, forged or expired. */
  async verify(token: string): Promise<TokenClaims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.secret, { algorithms: ['HS256'], issuer: this.issuer })
      const username = typeof payload['username'] === 'string' ? payload['username'] : payload.sub
      const tokenType = payload['token_type']
      if (!username || (tokenType !== 'access_token' && tokenType !== 'refresh_token' && tokenType !== 'static_token')) {
        return undefined
      }
      return { username, tokenType, expiresAt: payload.exp, issuedAt: payload.iat ?? 0 }
    } catch (e) {
      if (e instanceof joseErrors.JOSEError) return undefined
      throw e
    }
  }
}
