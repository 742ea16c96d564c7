/**
 * Small helpers over object metadata shared by the registry, controllers and handlers.
 */
import { randomUUID } from 'node:crypto'

/** RFC 3339 with second precision in UTC, as Kubernetes writes metav1.Time. */
export function rfc3339(ms: number = Date.now()): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

export function newUid(): string {
  return randomUUID()
}

export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version
}

export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/')
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) }
}

export function isPlainObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b)) return false
  const ka = Object.keys(a)
  const kb = Object.keys(b as object)
  if (ka.length !== kb.length) return false
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false
    if (!deepEqual((a as any)[k], (b as any)[k])) return false
  }
  return true
}

export function clone<T>(v: T): T {
  return structuredClone(v)
}

/** Reads a simple JSON path such as `.spec.replicas` (dots only). */
export function getPath(obj: any, path: string): unknown {
  let cur = obj
  for (const part of path.replace(/^\./, '').split('.')) {
    if (part === '') continue
    if (cur === null || typeof cur !== 'object') return undefined
    cur = cur[part]
  }
  return cur
}

/** Writes a simple JSON path such as `.spec.replicas`, creating objects on the way. */
export function setPath(obj: any, path: string, value: unknown): void {
  const parts = path.replace(/^\./, '').split('.').filter(Boolean)
  let cur = obj
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(cur[part])) cur[part] = {}
    cur = cur[part]
  }
  cur[parts[parts.length - 1]] = value
}

const GENERATE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789'

/** generateName: prefix cut to 58 characters plus five random characters. */
export function generateName(prefix: string): string {
  let suffix = ''
  for (let i = 0; i < 5; i++) suffix += GENERATE_ALPHABET[Math.floor(Math.random() * GENERATE_ALPHABET.length)]
  return prefix.slice(0, 58) + suffix
}
