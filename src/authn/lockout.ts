/**
 * The lock-out rule (auth.md §7.4), as pure functions of the records and an injected time:
 * count the user's failed logins newer than the last state change and inside the window; at
 * the limit the account is AuthLimitExceeded until the window has passed once more.
 */
import { formatGoDuration } from './go-duration.js'

export interface LockoutPolicy {
  maxTries: number
  windowMs: number
}

export interface Attempt {
  success: boolean
  /** When the attempt was recorded (ms since the epoch). */
  at: number
}

/**
 * Failed attempts since `since` (the last state change, if any) that are still inside the window.
 * Timestamps have second precision, so an attempt in the same second as the change counts.
 */
export function countRecentFailures(attempts: Attempt[], since: number | undefined, now: number, windowMs: number): number {
  return attempts.filter((a) => !a.success && (since === undefined || a.at >= since) && a.at + windowMs > now).length
}

export function lockoutReason(count: number, windowMs: number): string {
  return `Failed login attempts exceed ${count} in last ${formatGoDuration(windowMs)}`
}

export interface StatusChange {
  state: 'Active' | 'AuthLimitExceeded'
  reason?: string
  lastTransitionTime: number
}

/**
 * What the user's status should become now, or undefined for no change. Disabled users are
 * never touched; a lock ends when lastTransitionTime + window has passed.
 */
export function nextStatus(status: any, attempts: Attempt[], now: number, policy: LockoutPolicy): StatusChange | undefined {
  const state = status?.state ?? ''
  const parsed = Date.parse(status?.lastTransitionTime ?? '')
  const since = Number.isNaN(parsed) ? undefined : parsed
  if (state === 'Disabled') return undefined
  if (state === 'AuthLimitExceeded') {
    if (since === undefined || since + policy.windowMs <= now) return { state: 'Active', lastTransitionTime: now }
    return undefined
  }
  const failures = countRecentFailures(attempts, since, now, policy.windowMs)
  if (failures >= policy.maxTries) {
    return { state: 'AuthLimitExceeded', reason: lockoutReason(failures, policy.windowMs), lastTransitionTime: now }
  }
  if (state === '') return { state: 'Active', lastTransitionTime: now }
  return undefined
}

/** Milliseconds until a current lock ends, or undefined when the user is not locked. */
export function lockRemainingMs(status: any, now: number, windowMs: number): number | undefined {
  if (status?.state !== 'AuthLimitExceeded') return undefined
  const since = Date.parse(status.lastTransitionTime ?? '')
  if (Number.isNaN(since)) return 0
  return Math.max(0, since + windowMs - now)
}
