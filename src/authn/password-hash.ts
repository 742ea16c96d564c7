/**
 * bcrypt for user passwords, with bcryptjs (pure JavaScript: its async functions work in slices,
 * so logins do not stall watch streams, and it needs no platform binary). Hashes are standard
 * `$2a$`/`$2b$` strings, interchangeable with KubeSphere's Go bcrypt.
 */
import bcrypt from 'bcryptjs'

/** KubeSphere hashes with Go's bcrypt.DefaultCost. */
export const DEFAULT_BCRYPT_COST = 10

export function hashPassword(password: string, cost: number = DEFAULT_BCRYPT_COST): Promise<string> {
  return bcrypt.hash(password, cost)
}

/** Constant-time comparison of a password against a bcrypt hash; false for malformed hashes. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  try {
    return await bcrypt.compare(password, hash)
  } catch {
    return false
  }
}

export function isBcryptHash(value: string): boolean {
  return /^\$2[abxy]\$\d{2}\$[./A-Za-z0-9]{53}$/.test(value)
}
