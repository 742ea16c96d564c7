/**
 * JWTs as KubeSphere issues them (auth.md §3): compact JWS, HS256 with the installation's
 * secret, header {"alg":"HS256","typ":"JWT"}, claims iss, sub, exp, iat, token_type, username,
 * extra, ... . Tokens for users also carry `nbf` (= iat) and `uid` (the User's metadata.uid),
 * which makes them a superset of the seed's v3 tokens; verification requires neither. Tokens
 * that go into the token store (access, refresh, code) also carry a random `jti`: without it
 * two logins of one user in the same second would get the same token, and logging out of one
 * session would end the other.
 *
 * Verification checks the signature and the time claims only: `exp` (now >= exp fails) and
 * `iat` (more than the clock skew in the future fails). `nbf`, `iss` and `aud` are not checked
 * and unknown claims are ignored. Whether a token type, the token store or the user's state
 * allow a use is the caller's business.
 */
import { randomBytes } from 'node:crypto'
import { CompactSign, compactVerify, errors as joseErrors } from 'jose'
import { formatGoDuration } from './go-duration.js'

export const TOKEN_TYPES = ['access_token', 'refresh_token', 'static_token', 'code'] as const
export type TokenType = (typeof TOKEN_TYPES)[number]

export const DEFAULT_ISSUER = 'kubesphere'

/** What a token says, as verification returns it. */
export interface TokenClaims {
  username: string
  tokenType: TokenType
  /** Unix seconds. */
  issuedAt: number
  /** Unix seconds; absent for tokens that never expire. */
  expiresAt?: number
  uid?: string
  extra?: Record<string, string[]>
  audience?: string[]
  /** Authorization codes: the scopes granted, the OIDC nonce and what the code is bound to. */
  scopes?: string[]
  nonce?: string
  redirectUri?: string
  codeChallenge?: string
  codeChallengeMethod?: string
}

export interface IssueRequest {
  username: string
  tokenType: TokenType
  /** Lifetime in seconds; absent or 0: no `exp`. */
  ttlSeconds?: number
  uid?: string
  extra?: Record<string, string[]>
  audience?: string[]
  scopes?: string[]
  nonce?: string
  redirectUri?: string
  codeChallenge?: string
  codeChallengeMethod?: string
}

/** A token that failed verification; the message is what the 401 Status says. */
export class TokenInvalidError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TokenInvalidError'
  }
}

export interface TokenIssuerOptions {
  issuer?: string
  maximumClockSkewMs?: number
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number
}

const HEADER = { alg: 'HS256', typ: 'JWT' } as const
const encoder = new TextEncoder()
const decoder = new TextDecoder()

export class TokenIssuer {
  readonly issuer: string
  private readonly skewMs: number
  private readonly now: () => number

  constructor(
    private readonly secret: Uint8Array,
    opts: TokenIssuerOptions | string = {},
  ) {
    const o = typeof opts === 'string' ? { issuer: opts } : opts
    this.issuer = o.issuer ?? DEFAULT_ISSUER
    this.skewMs = o.maximumClockSkewMs ?? 10_000
    this.now = o.now ?? Date.now
  }

  /** Shorthand: a token of `tokenType` for `username`, expiring after `ttlSeconds` when given. */
  async issue(username: string, tokenType: TokenType, ttlSeconds?: number): Promise<string> {
    return (await this.issueToken({ username, tokenType, ttlSeconds })).token
  }

  async issueToken(r: IssueRequest): Promise<{ token: string; claims: TokenClaims }> {
    const iat = Math.floor(this.now() / 1000)
    const ttl = r.ttlSeconds && r.ttlSeconds > 0 ? Math.floor(r.ttlSeconds) : 0
    // Claim order follows upstream's serialisation; empty claims are left out.
    const payload: Record<string, unknown> = { iss: this.issuer, sub: r.username }
    if (r.audience?.length) payload['aud'] = r.audience
    if (ttl) payload['exp'] = iat + ttl
    payload['iat'] = iat
    if (r.tokenType === 'access_token' || r.tokenType === 'refresh_token') payload['nbf'] = iat
    payload['token_type'] = r.tokenType
    payload['username'] = r.username
    if (r.uid) payload['uid'] = r.uid
    if (r.extra && Object.keys(r.extra).length) payload['extra'] = r.extra
    if (r.scopes?.length) payload['scopes'] = r.scopes
    if (r.nonce) payload['nonce'] = r.nonce
    if (r.redirectUri) payload['redirect_uri'] = r.redirectUri
    if (r.codeChallenge) {
      payload['code_challenge'] = r.codeChallenge
      payload['code_challenge_method'] = r.codeChallengeMethod ?? 'plain'
    }
    if (r.tokenType !== 'static_token') payload['jti'] = randomBytes(12).toString('base64url')
    const token = await new CompactSign(encoder.encode(JSON.stringify(payload))).setProtectedHeader(HEADER).sign(this.secret)
    return { token, claims: claimsOf(payload) as TokenClaims }
  }

  /** The token's claims; throws TokenInvalidError saying why it is not acceptable. */
  async check(token: string): Promise<TokenClaims> {
    let payload: unknown
    try {
      const verified = await compactVerify(token, this.secret, { algorithms: ['HS256'] })
      payload = JSON.parse(decoder.decode(verified.payload))
    } catch (e) {
      throw new TokenInvalidError(verificationMessage(e, token))
    }
    const claims = claimsOf(payload)
    if (!claims) throw new TokenInvalidError('token is malformed: invalid claims')
    this.checkTime(claims)
    return claims
  }

  /** Time checks alone, for tokens whose signature was verified earlier. */
  checkTime(claims: TokenClaims): void {
    const nowMs = this.now()
    if (claims.expiresAt !== undefined && nowMs >= claims.expiresAt * 1000) {
      throw new TokenInvalidError(`jwt: token is expired by ${formatGoDuration(nowMs - claims.expiresAt * 1000)}`)
    }
    if (claims.issuedAt * 1000 > nowMs + this.skewMs) {
      throw new TokenInvalidError(`jwt: token used before issued, iat:${claims.issuedAt}, now:${Math.floor(nowMs / 1000)}`)
    }
  }

  /** The claims, or undefined when the token is malformed, forged or expired. */
  async verify(token: string): Promise<TokenClaims | undefined> {
    try {
      return await this.check(token)
    } catch (e) {
      if (e instanceof TokenInvalidError) return undefined
      throw e
    }
  }
}

function verificationMessage(e: unknown, token: string): string {
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature is invalid'
  if (e instanceof joseErrors.JOSEAlgNotAllowed || e instanceof joseErrors.JOSENotSupported) {
    return `token is unverifiable: signing method ${headerAlg(token)} is invalid`
  }
  if (token.split('.').length !== 3) return 'token contains an invalid number of segments'
  if (e instanceof joseErrors.JOSEError || e instanceof SyntaxError) return 'token is malformed'
  throw e
}

function headerAlg(token: string): string {
  try {
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8'))
    return typeof header?.alg === 'string' ? header.alg : 'unknown'
  } catch {
    return 'unknown'
  }
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string')

/** Reads the claims of a verified payload; undefined when the required ones are missing. */
function claimsOf(payload: unknown): TokenClaims | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined
  const p = payload as Record<string, unknown>
  const username = typeof p['username'] === 'string' ? p['username'] : typeof p['sub'] === 'string' ? p['sub'] : ''
  const tokenType = p['token_type']
  if (!username || !TOKEN_TYPES.includes(tokenType as TokenType)) return undefined
  const c: TokenClaims = {
    username,
    tokenType: tokenType as TokenType,
    issuedAt: typeof p['iat'] === 'number' ? p['iat'] : 0,
  }
  if (typeof p['exp'] === 'number') c.expiresAt = p['exp']
  if (typeof p['uid'] === 'string' && p['uid']) c.uid = p['uid']
  const extra = p['extra']
  if (extra && typeof extra === 'object' && Object.values(extra).every(isStringArray)) {
    c.extra = extra as Record<string, string[]>
  }
  const aud = p['aud']
  if (typeof aud === 'string') c.audience = [aud]
  else if (isStringArray(aud)) c.audience = aud
  if (isStringArray(p['scopes'])) c.scopes = p['scopes']
  for (const [claim, field] of [
    ['nonce', 'nonce'],
    ['redirect_uri', 'redirectUri'],
    ['code_challenge', 'codeChallenge'],
    ['code_challenge_method', 'codeChallengeMethod'],
  ] as const) {
    if (typeof p[claim] === 'string') c[field] = p[claim]
  }
  return c
}
