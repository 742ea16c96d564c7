/**
 * The `pod-template-hash` label a Deployment puts on its ReplicaSets and their pods: a 32-bit
 * FNV-1a hash of the pod template (plus the Deployment's collisionCount, when set), printed in
 * decimal and then spelled with the generateName alphabet, as upstream does. Upstream hashes a
 * Go dump of the template; we hash canonical JSON, so values differ from upstream's but have the
 * same shape (`5d8f9c6b7d`) and the same stability: equal templates give equal hashes.
 */
import { isPlainObject } from '../../apimachinery/meta.js'

export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash'

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'

/** JSON with object keys sorted, so that key order never changes the hash. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`
  if (isPlainObject(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`
  }
  return JSON.stringify(v) ?? 'null'
}

export function fnv32a(text: string): number {
  let h = 0x811c9dc5
  for (const byte of Buffer.from(text, 'utf8')) {
    h ^= byte
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

/** Upstream's SafeEncodeString: every character mapped into an alphabet without vowels. */
export function safeEncode(s: string): string {
  let out = ''
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length]
  return out
}

/** The hash of a Deployment's pod template (the template without any pod-template-hash label). */
export function podTemplateHash(template: unknown, collisionCount?: number): string {
  let text = canonicalJson(withoutHashLabel(template))
  if (collisionCount !== undefined && collisionCount !== null) text += `#${collisionCount}`
  return safeEncode(String(fnv32a(text)))
}

/** A copy of the template whose labels lack pod-template-hash (for comparisons). */
export function withoutHashLabel(template: any): any {
  if (!isPlainObject(template) || !isPlainObject(template.metadata?.labels)) return template
  if (!(POD_TEMPLATE_HASH_LABEL in template.metadata.labels)) return template
  const { [POD_TEMPLATE_HASH_LABEL]: _h, ...labels } = template.metadata.labels
  return { ...template, metadata: { ...template.metadata, labels } }
}
