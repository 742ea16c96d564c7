/**
 * Error texts of strategic merge patch, worded as k8s.io/apimachinery pkg/util/mergepatch and
 * strategicpatch print them (Go's %v of decoded JSON included), all as 400 BadRequest.
 */
import { newBadRequest } from '../errors.js'

type JsonMap = Record<string, any>

/** Upstream's error texts (k8s.io/apimachinery pkg/util/mergepatch). */
export const SMP_ERRORS = {
  badJsonDoc: 'invalid JSON document',
  noListOfLists: 'lists of lists are not supported',
  badPrimitiveList: 'invalid patch format of primitive list',
  badRetainKeys: 'invalid patch format of retainKeys',
  badSetElementOrder: 'invalid patch format of setElementOrder list',
  unsupported: 'strategic merge patch format is not supported',
} as const

/** Go's reflect type name of a decoded JSON value. */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>'
  if (Array.isArray(v)) return '[]interface {}'
  if (typeof v === 'object') return 'map[string]interface {}'
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64'
  return typeof v === 'boolean' ? 'bool' : 'string'
}

/** Go's %v for decoded JSON: `map[a:1 b:[x y]]`, keys sorted. */
export function goV(v: unknown): string {
  if (v === null || v === undefined) return '<nil>'
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`
  if (typeof v === 'object') {
    const keys = Object.keys(v).sort()
    return `map[${keys.map((k) => `${k}:${goV((v as JsonMap)[k])}`).join(' ')}]`
  }
  return typeof v === 'string' ? v : JSON.stringify(v)
}

export const bad = (message: string) => newBadRequest(message)
export const badArgType = (expected: string, actual: unknown) =>
  bad(`expected a ${expected}, but received a ${goTypeName(actual)}`)
export const noMergeKey = (m: JsonMap, key: string) =>
  bad(`map: ${goV(m)} does not contain declared merge key: ${key}`)
export const badPatchType = (t: unknown, m: JsonMap) => bad(`unknown patch type: ${goV(t)} in map: ${goV(m)}`)
