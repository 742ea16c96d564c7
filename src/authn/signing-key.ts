/**
 * The per-installation token signing secret, generated on first start and kept in the data dir
 * with mode 0600.
 */
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const SIGNING_KEY_FILE = 'signing.key'

export function loadOrCreateSigningKey(dataDir: string): Uint8Array {
  const path = join(dataDir, SIGNING_KEY_FILE)
  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8').trim()
    if (text.length < 32) throw new Error(`${path}: the signing key is too short`)
    chmodSync(path, 0o600)
    return new TextEncoder().encode(text)
  }
  const secret = randomBytes(48).toString('base64url')
  writeFileSync(path, secret + '\n', { mode: 0o600, flag: 'wx' })
  return new TextEncoder().encode(secret)
}
