/**
 * Keys and sizes of Secret and ConfigMap data (kube-api.md §11.6, upstream IsConfigMapKey).
 */
import { fieldForbidden, fieldInvalid, type FieldError } from '../../../apimachinery/errors.js'
import { deepEqual } from '../../../apimachinery/meta.js'
import { DNS1123_SUBDOMAIN_MAX_LENGTH, maxLenError, regexError } from '../../../apimachinery/validation.js'

/** Upper bound of the summed value bytes of one Secret or ConfigMap. */
export const MAX_DATA_BYTES = 1024 * 1024

const KEY_FMT = '[-._a-zA-Z0-9]+'
const KEY_RE = new RegExp(`^${KEY_FMT}$`)

/** Error details for a data key: `[-._a-zA-Z0-9]+`, ≤253, not `.`/`..` nor starting with `..`. */
export function isConfigMapKey(key: string): string[] {
  const errs: string[] = []
  if (key.length > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH))
  if (!KEY_RE.test(key)) {
    errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'))
  }
  if (key === '.') errs.push("must not be '.'")
  else if (key === '..') errs.push("must not be '..'")
  else if (key.startsWith('..')) errs.push("must not start with '..'")
  return errs
}

/** Invalid-key errors for every key of a data map, at `<path>[<key>]`, in sorted key order. */
export function validateDataKeys(data: unknown, path: string): FieldError[] {
  const errs: FieldError[] = []
  for (const key of sortedKeys(data)) {
    for (const msg of isConfigMapKey(key)) errs.push(fieldInvalid(`${path}[${key}]`, key, msg))
  }
  return errs
}

export function sortedKeys(m: unknown): string[] {
  if (m === null || typeof m !== 'object') return []
  return Object.keys(m).sort()
}

/** Decoded byte length of a base64 value (Secret data, ConfigMap binaryData). */
export const base64Bytes = (v: unknown) => (typeof v === 'string' ? Buffer.from(v, 'base64').length : 0)

/** UTF-8 byte length of a string value (ConfigMap data). */
export const utf8Bytes = (v: unknown) => (typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : 0)

/**
 * Rules for objects whose old version was marked `immutable: true`: the flag stays and the
 * listed data fields may not change.
 */
export function validateImmutableData(obj: any, old: any, fields: readonly string[]): FieldError[] {
  if (old?.immutable !== true) return []
  const errs: FieldError[] = []
  const msg = 'field is immutable when `immutable` is set'
  if (obj?.immutable !== true) errs.push(fieldForbidden('immutable', msg))
  for (const f of fields) {
    if (!deepEqual(obj?.[f] ?? null, old?.[f] ?? null)) errs.push(fieldForbidden(f, msg))
  }
  return errs
}
