/**
 * The authorizer contract and the union that combines authorizers (authz.md §2): asked in
 * order, the first that allows (or denies) decides; otherwise "no opinion" with the non-empty
 * reasons joined by newlines.
 */
import type { Attributes } from './attributes.js'

export type Decision = 'allow' | 'deny' | 'no-opinion'

export interface AuthorizationResult {
  decision: Decision
  /** Why: `RBAC: allowed by ...`, lookup errors, or ''. */
  reason: string
}

export interface Authorizer {
  authorize(a: Attributes): AuthorizationResult
}

export function unionAuthorizer(authorizers: readonly Authorizer[]): Authorizer {
  return {
    authorize(a) {
      const reasons: string[] = []
      for (const authorizer of authorizers) {
        const result = authorizer.authorize(a)
        if (result.decision !== 'no-opinion') return result
        if (result.reason) reasons.push(result.reason)
      }
      return { decision: 'no-opinion', reason: reasons.join('\n') }
    },
  }
}

export const alwaysAllow: Authorizer = { authorize: () => ({ decision: 'allow', reason: '' }) }

export const alwaysDeny: Authorizer = {
  authorize: () => ({ decision: 'no-opinion', reason: 'Everything is forbidden.' }),
}
