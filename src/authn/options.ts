/**
 * Authentication settings (auth.md §2.2), with this project's defaults: where the deployed
 * chart and upstream's code differ, the chart wins (lock-out after 10 failures in 10 minutes,
 * multiple logins allowed); lifetimes reproduce the seed (access 2h, refresh 2h longer); the
 * issuer is `kubesphere`, as in the seed's tokens.
 */

export interface AuthOptions {
  /** The `iss` claim and the OIDC discovery issuer. */
  issuer: string
  /** Access-token lifetime; 0 = access tokens never expire and skip the token store. */
  accessTokenMaxAgeMs: number
  /** Added to the access-token lifetime for refresh tokens and id_tokens. */
  accessTokenInactivityTimeoutMs: number
  /** Tolerance on a token's `iat` lying in the future. */
  maximumClockSkewMs: number
  /** false: a new login revokes every earlier token of the user. */
  multipleLogin: boolean
  /** Failed logins within the window that lock an account out. */
  authenticateRateLimiterMaxTries: number
  /** The counting window, and how long a lock-out lasts. */
  authenticateRateLimiterDurationMs: number
  /** How long LoginRecords are kept. */
  loginHistoryRetentionPeriodMs: number
  /** LoginRecords kept per user (oldest deleted first). */
  loginHistoryMaximumEntries: number
}

const HOUR = 3_600_000
const MINUTE = 60_000

export const DEFAULT_AUTH_OPTIONS: AuthOptions = {
  issuer: 'kubesphere',
  accessTokenMaxAgeMs: 2 * HOUR,
  accessTokenInactivityTimeoutMs: 2 * HOUR,
  maximumClockSkewMs: 10_000,
  multipleLogin: true,
  authenticateRateLimiterMaxTries: 10,
  authenticateRateLimiterDurationMs: 10 * MINUTE,
  loginHistoryRetentionPeriodMs: 168 * HOUR,
  loginHistoryMaximumEntries: 100,
}

/** The defaults with `overrides` applied; throws on combinations upstream refuses at start-up. */
export function authOptions(overrides: Partial<AuthOptions> = {}): AuthOptions {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined))
  const o: AuthOptions = { ...DEFAULT_AUTH_OPTIONS, ...defined }
  const nonNegative: (keyof AuthOptions)[] = [
    'accessTokenMaxAgeMs',
    'accessTokenInactivityTimeoutMs',
    'maximumClockSkewMs',
    'authenticateRateLimiterDurationMs',
    'loginHistoryRetentionPeriodMs',
  ]
  for (const k of nonNegative) {
    if (!(Number.isFinite(o[k]) && (o[k] as number) >= 0)) throw new Error(`${k} must be a non-negative duration`)
  }
  if (!Number.isInteger(o.authenticateRateLimiterMaxTries) || o.authenticateRateLimiterMaxTries < 1) {
    throw new Error('authenticateRateLimiterMaxTries must be a positive integer')
  }
  if (!Number.isInteger(o.loginHistoryMaximumEntries) || o.loginHistoryMaximumEntries < 1) {
    throw new Error('loginHistoryMaximumEntries must be a positive integer')
  }
  if (o.authenticateRateLimiterMaxTries > o.loginHistoryMaximumEntries) {
    throw new Error('authenticateRateLimiterMaxTries MUST not be greater than loginHistoryMaximumEntries')
  }
  if (!o.issuer) throw new Error('the issuer must not be empty')
  return o
}

/** Refresh tokens (and id_tokens) live this long. */
export function refreshLifetimeMs(o: AuthOptions): number {
  return o.accessTokenMaxAgeMs + o.accessTokenInactivityTimeoutMs
}
