/**
 * JSON merge patch (RFC 7386, `application/merge-patch+json`): objects merge recursively, `null`
 * deletes a member, anything that is not an object (arrays included) replaces the target whole.
 */
import { newBadRequest } from '../errors.js'
import { deepEqual, isPlainObject } from '../meta.js'

/** The text kube-apiserver answers (400) for a merge patch body that is not a JSON object. */
export const BAD_MERGE_PATCH = 'Invalid JSON Patch'

/** Defines an own data property, so that a key named `__proto__` stays data. */
export function setOwn(obj: Record<string, any>, k: string, v: unknown): void {
  Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true })
}

/** Deep copy of a JSON value. */
export function cloneJson<T>(v: T): T {
  return v === undefined ? v : structuredClone(v)
}

/**
 * RFC 7386 MergePatch(target, patch). Returns a new value; neither argument is mutated. Members
 * named `__proto__` are treated as ordinary data keys.
 */
export function applyMergePatch(target: unknown, patch: unknown): any {
  if (!isPlainObject(patch)) return cloneJson(patch)
  const out: Record<string, any> = isPlainObject(target) ? { ...target } : {}
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      delete out[k]
    } else {
      setOwn(out, k, applyMergePatch(Object.hasOwn(out, k) ? out[k] : undefined, v))
    }
  }
  // Members that the patch did not touch are still shared with `target`; copy them too.
  for (const k of Object.keys(out)) if (!Object.hasOwn(patch, k)) setOwn(out, k, cloneJson(out[k]))
  return out
}

/**
 * Decodes a merge patch body for the HTTP layer: anything other than a JSON object is a 400
 * `Invalid JSON Patch`. (kube-apiserver lets a top-level array through and then fails to decode the
 * result; rejecting it up front gives the client a clearer answer.)
 */
export function decodeMergePatch(patchBytes: string | Uint8Array): Record<string, any> {
  const text = typeof patchBytes === 'string' ? patchBytes : Buffer.from(patchBytes).toString('utf8')
  let patch: unknown
  try {
    patch = JSON.parse(text)
  } catch {
    throw newBadRequest(BAD_MERGE_PATCH)
  }
  if (!isPlainObject(patch)) throw newBadRequest(BAD_MERGE_PATCH)
  return patch
}

/**
 * Two-way diff: a merge patch that turns `original` into `modified` when applied with
 * applyMergePatch. Members missing from `modified` become `null`; changed arrays are sent whole.
 * When either side is not an object the patch is `modified` itself. A `null` inside a newly added
 * object cannot be expressed in a merge patch and is lost, as RFC 7386 notes.
 */
export function createMergePatch(original: unknown, modified: unknown): any {
  if (!isPlainObject(original) || !isPlainObject(modified)) return cloneJson(modified)
  const patch: Record<string, any> = {}
  for (const k of Object.keys(original)) {
    if (!Object.hasOwn(modified, k)) setOwn(patch, k, null)
  }
  for (const [k, v] of Object.entries(modified)) {
    if (!Object.hasOwn(original, k)) {
      setOwn(patch, k, cloneJson(v))
      continue
    }
    const o = original[k]
    if (deepEqual(o, v)) continue
    if (isPlainObject(o) && isPlainObject(v)) {
      const sub = createMergePatch(o, v)
      if (Object.keys(sub).length) setOwn(patch, k, sub)
    } else {
      setOwn(patch, k, cloneJson(v))
    }
  }
  return patch
}
