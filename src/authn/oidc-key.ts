/**
 * The RSA key that signs OIDC id_tokens (auth.md §3.6): PKCS#1 PEM, generated on first use and
 * kept in the data dir (mode 0600), so `kid` and the JWKS survive restarts. `kid` is the decimal
 * 32-bit FNV-1a hash of the PEM bytes, as upstream computes it.
 */
import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'

export const OIDC_KEY_FILE = 'oidc-signing.pem'

export interface OidcKey {
  privateKey: KeyObject
  kid: string
  jwk: { use: 'sig'; kty: string; kid: string; alg: 'RS256'; n: string; e: string }
}

export function fnv32a(bytes: Uint8Array): number {
  let h = 0x811c9dc5
  for (const b of bytes) {
    h ^= b
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

function fromPem(pem: string): OidcKey {
  const privateKey = createPrivateKey(pem)
  const pub = createPublicKey(privateKey).export({ format: 'jwk' })
  const kid = String(fnv32a(Buffer.from(pem)))
  return { privateKey, kid, jwk: { use: 'sig', kty: 'RSA', kid, alg: 'RS256', n: pub.n!, e: pub.e! } }
}

/** Loads the key lazily (generating it once), so servers that never issue id_tokens pay nothing. */
export class OidcKeySource {
  private key?: Promise<OidcKey>

  constructor(private readonly dataDir: string) {}

  get(): Promise<OidcKey> {
    this.key ??= this.load()
    return this.key
  }

  private async load(): Promise<OidcKey> {
    const path = join(this.dataDir, OIDC_KEY_FILE)
    if (existsSync(path)) return fromPem(readFileSync(path, 'utf8'))
    const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 })
    const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
    try {
      writeFileSync(path, pem, { mode: 0o600, flag: 'wx' })
    } catch (err) {
      // Another process won the race: use its key.
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return fromPem(readFileSync(path, 'utf8'))
      throw err
    }
    return fromPem(pem)
  }
}
