/**
 * JSON patch (RFC 6902, `application/json-patch+json`), mapped to Status errors the way
 * kube-apiserver's patch handler does (k8s.io/apiserver pkg/endpoints/handlers/patch.go):
 *   - body not a JSON array of objects   → 400 BadRequest
 *   - more than 10000 operations          → 413 `The allowed maximum operations in a JSON patch is 10000, got N`
 *   - failure while applying (missing path, failed `test`, unknown op) → 422 Invalid
 */
import jsonpatch from 'fast-json-patch'
import type { Operation } from 'fast-json-patch'
import { newBadRequest, newRequestEntityTooLarge, newUnprocessable } from '../errors.js'

export const MAX_JSON_PATCH_OPERATIONS = 10000

/**
 * kube-apiserver answers every apply failure with this fixed text (it builds the 422 with
 * NewGenericServerResponse, which drops the library's own message); we do the same.
 */
export const JSON_PATCH_APPLY_FAILED = 'the server rejected our request due to an error in our request'

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test'])

/** Go's name for the JSON type a value decodes as, for decode error texts. */
function goJsonKind(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  return typeof v === 'object' ? 'object' : typeof v
}

/** Decodes and checks the operation list; throws 400/413 like upstream's DecodePatch step. */
export function decodeJsonPatch(patchBytes: string | Uint8Array): Operation[] {
  const text = typeof patchBytes === 'string' ? patchBytes : Buffer.from(patchBytes).toString('utf8')
  let ops: unknown
  try {
    ops = JSON.parse(text)
  } catch (e) {
    throw newBadRequest((e as Error).message)
  }
  // A JSON null decodes to an empty patch in Go.
  if (ops === null) return []
  if (!Array.isArray(ops)) {
    throw newBadRequest(`json: cannot unmarshal ${goJsonKind(ops)} into Go value of type jsonpatch.Patch`)
  }
  for (const op of ops) {
    if (op !== null && (typeof op !== 'object' || Array.isArray(op))) {
      throw newBadRequest(
        `json: cannot unmarshal ${goJsonKind(op)} into Go value of type jsonpatch.Operation`,
      )
    }
  }
  if (ops.length > MAX_JSON_PATCH_OPERATIONS) {
    throw newRequestEntityTooLarge(
      `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${ops.length}`,
    )
  }
  return ops as Operation[]
}

/**
 * Applies a JSON patch to a JSON document and returns the new document; `doc` is never
 * mutated. Throws ApiErrors as described at the top of this file.
 */
export function applyJsonPatch<T = any>(doc: T, patchBytes: string | Uint8Array): T {
  const ops = decodeJsonPatch(patchBytes)
  // fast-json-patch quietly accepts its private `_get` op and null entries; upstream rejects them when applying.
  if (ops.some((op) => op === null || typeof op.op !== 'string' || !OPS.has(op.op))) {
    throw newUnprocessable(JSON_PATCH_APPLY_FAILED)
  }
  try {
    return jsonpatch.applyPatch(doc, ops, true, false).newDocument
  } catch {
    // Validation errors, failed tests and TypeErrors (e.g. moving a value into itself) alike.
    throw newUnprocessable(JSON_PATCH_APPLY_FAILED)
  }
}
