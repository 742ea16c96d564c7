/**
 * PKCE (RFC 7636), honoured because discovery advertises it: a code issued with a
 * code_challenge is redeemed only with the matching code_verifier.
 */
import { createHash } from 'node:crypto'
import type { TokenClaims } from '../token-issuer.js'

export const PKCE_METHODS = ['plain', 'S256'] as const

export function isPkceMethod(m: string): boolean {
  return (PKCE_METHODS as readonly string[]).includes(m)
}

/** RFC 7636 §4.1: 43 to 128 characters of [A-Za-z0-9-._~]. */
export function isValidVerifier(v: string): boolean {
  return /^[A-Za-z0-9\-._~]{43,128}$/.test(v)
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url')
}

/** True when the code needs no verifier or `verifier` matches its challenge. */
export function verifyPkce(code: TokenClaims, verifier: string): boolean {
  if (!code.codeChallenge) return true
  if (!isValidVerifier(verifier)) return false
  const computed = code.codeChallengeMethod === 'S256' ? s256(verifier) : verifier
  return computed === code.codeChallenge
}
