/**
 * bcrypt for user passwords, with bcryptjs (pure JavaScript: its async functions work in slices,
 * so logins do not stall watch streams, and it needs no platform binary). Hashes carry the
 * `$2a$` prefix Go's bcrypt writes (identical to `$2b$` for passwords this short), so they are
 * interchangeable with KubeSphere's.
 */
import bcrypt from 'bcryptjs'

/** KubeSphere hashes with Go's bcrypt.DefaultCost. */
export const DEFAULT_BCRYPT_COST = 10

export async function hashPassword(password: string, cost: number = DEFAULT_BCRYPT_COST): Promise<string> {
  const salt = (await bcrypt.genSalt(cost)).replace(/^\$2b\$/, '$2a$')
  return bcrypt.hash(password, salt)
}

/** Constant-time comparison of a password against a bcrypt hash; false for malformed hashes. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  try {
    return await bcrypt.compare(password, hash)
  } catch {
    return false
  }
}

/** A value that is already a bcrypt hash (and is stored as is) rather than a plaintext password. */
export function isBcryptHash(value: string): boolean {
  return /^\$2[abxy]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/.test(value)
}

/** A hash of nothing anyone knows: compared against when the user does not exist, to keep timing even. */
export const UNUSABLE_HASH = '$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z5O3MVJZ5F1G6y8R1Hx2nN3a'
