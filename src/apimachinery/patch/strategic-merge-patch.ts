/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), server side, as
 * k8s.io/apimachinery pkg/util/strategicpatch applies it (MergeParallelList and
 * IgnoreUnmatchedNulls on). Like a JSON merge patch, except:
 *   - lists whose meta says `merge` are merged element-wise by `mergeKey` (lists of objects) or
 *     as sets (lists of primitives); their final order follows the patch, then the live list;
 *   - directives: `$patch: replace|delete` in maps and list elements, `$deleteFromPrimitiveList/<f>`,
 *     `$setElementOrder/<f>`, `$retainKeys`. Directives never reach the result.
 * Without meta a point behaves like a JSON merge patch (lists replaced).
 *
 * Errors: malformed directives and patches → 400 BadRequest with upstream's text; a list of lists
 * → 422 with kube-apiserver's generic text.
 */
import { newUnprocessable } from '../errors.js'
import {
  findByKey,
  normalizeElementOrder,
  partition,
  PATCH_DIRECTIVE as PATCH,
  SET_ELEMENT_ORDER,
  validateOrder,
  type ElementKind,
} from './element-order.js'
import { JSON_PATCH_APPLY_FAILED } from './json-patch.js'
import { cloneJson, setOwn } from './merge-patch.js'
import { isPlainObject } from '../meta.js'
import { baseStrategy, childMeta, type PatchMeta } from './patch-meta.js'
import { bad, badArgType, badPatchType, goV, noMergeKey, SMP_ERRORS } from './smp-errors.js'

export type { PatchMeta, PatchStrategy } from './patch-meta.js'
export { SMP_ERRORS } from './smp-errors.js'

type JsonMap = Record<string, any>

const RETAIN_KEYS = '$retainKeys'
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList'

/** JSON kinds with Go's notion of "same type" for merging: numbers are one kind here. */
function kindOf(v: unknown): 'map' | 'slice' | 'string' | 'number' | 'bool' | 'nil' {
  if (v === null || v === undefined) return 'nil'
  if (Array.isArray(v)) return 'slice'
  if (typeof v === 'object') return 'map'
  if (typeof v === 'number') return 'number'
  return typeof v === 'boolean' ? 'bool' : 'string'
}

/**
 * Applies `patch` to `original` and returns the result; neither argument is mutated.
 * `meta` describes `original`'s schema (see patch-meta.ts); undefined means JSON merge semantics.
 */
export function applyStrategicMergePatch(original: any, patch: any, meta: PatchMeta | undefined): any {
  // A JSON null decodes to an empty patch.
  if (patch === null) return isPlainObject(original) ? cloneJson(original) : {}
  if (!isPlainObject(patch)) {
    const kind = Array.isArray(patch) ? 'array' : typeof patch === 'boolean' ? 'bool' : typeof patch
    throw bad(`json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`)
  }
  const target = isPlainObject(original) ? cloneJson(original) : {}
  return mergeMap(target, cloneJson(patch), meta)
}

/** Merges `patch` into `original` (both owned, mutated) and returns the result. */
function mergeMap(original: JsonMap, patch: JsonMap, meta: PatchMeta | undefined): JsonMap {
  if (Object.hasOwn(patch, PATCH)) {
    const directive = patch[PATCH]
    if (directive === 'replace') {
      delete patch[PATCH]
      return mergeMap({}, patch, meta)
    }
    if (directive === 'delete') return {}
    throw badPatchType(directive, patch)
  }
  applyRetainKeys(original, patch)
  applySetElementOrders(original, patch, meta)

  for (const [rawKey, patchV] of Object.entries(patch)) {
    let key = rawKey
    let isDeleteList = false
    if (rawKey.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      key = directiveTarget(rawKey, DELETE_FROM_PRIMITIVE_LIST)
      isDeleteList = true
    }
    if (patchV === null) {
      delete original[key]
      continue
    }
    const sub = childMeta(meta, key)
    if (!Object.hasOwn(original, key) || kindOf(original[key]) !== kindOf(patchV)) {
      if (!isDeleteList) setFresh(original, key, patchV, sub)
      continue
    }
    const current = original[key]
    if (Array.isArray(patchV)) {
      const strategy = baseStrategy(sub)
      if (strategy === 'merge' || isDeleteList)
        setOwn(original, key, mergeSlice(current, patchV, sub, isDeleteList))
      else setOwn(original, key, freshList(patchV, sub?.items))
    } else if (isPlainObject(patchV)) {
      const merged = baseStrategy(sub) === 'replace' ? freshMap(patchV, sub) : mergeMap(current, patchV, sub)
      setOwn(original, key, merged)
    } else {
      setOwn(original, key, patchV)
    }
  }
  return original
}

/** `$prefix/<field>` → `<field>`; anything else is a malformed directive. */
function directiveTarget(key: string, prefix: string): string {
  const slash = key.indexOf('/')
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw bad(
      prefix === DELETE_FROM_PRIMITIVE_LIST ? SMP_ERRORS.badPrimitiveList : SMP_ERRORS.badSetElementOrder,
    )
  }
  return key.slice(slash + 1)
}

// ---- values that have nothing to merge with ----

/**
 * Stores a patch value where the original has nothing of the same kind. Null members are
 * dropped and directives resolved against nothing; a map carrying `$patch` is not stored at all.
 */
function setFresh(target: JsonMap, key: string, v: unknown, meta: PatchMeta | undefined): void {
  if (isPlainObject(v) && Object.hasOwn(v, PATCH)) {
    delete target[key]
    return
  }
  setOwn(target, key, freshValue(v, meta))
}

function freshValue(v: unknown, meta: PatchMeta | undefined): unknown {
  if (Array.isArray(v)) return freshList(v, meta?.items)
  if (isPlainObject(v)) return mergeMap({}, v, meta)
  return v
}

function freshMap(v: JsonMap, meta: PatchMeta | undefined): JsonMap {
  const copy = { ...v }
  delete copy[PATCH]
  return mergeMap({}, copy, meta)
}

/** A list taken as is, minus elements that are directives. */
function freshList(list: unknown[], itemMeta: PatchMeta | undefined): unknown[] {
  return list
    .filter((el) => !(isPlainObject(el) && Object.hasOwn(el, PATCH)))
    .map((el) => freshValue(el, itemMeta))
}

// ---- $retainKeys ----

/** Drops original keys not listed; every non-null patch key must be listed. */
function applyRetainKeys(original: JsonMap, patch: JsonMap): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return
  const list = patch[RETAIN_KEYS]
  delete patch[RETAIN_KEYS]
  if (!Array.isArray(list)) throw bad(SMP_ERRORS.badRetainKeys)
  const keep = new Set<unknown>(list)
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue
    if (!keep.has(k)) throw bad(SMP_ERRORS.badRetainKeys)
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k]
}

// ---- lists ----

/** All elements of both lists must share one kind; lists of lists are refused (422). */
function elementKind(...lists: unknown[][]): ElementKind | undefined {
  let kind: ReturnType<typeof kindOf> | undefined
  for (const list of lists) {
    for (const v of list) {
      const k = kindOf(v)
      if (kind === undefined) {
        if (k === 'slice') throw newUnprocessable(JSON_PATCH_APPLY_FAILED)
        kind = k
      } else if (k !== kind) {
        throw bad(`list element types are not identical: ${goV(lists)}`)
      }
    }
  }
  if (kind === undefined) return undefined
  return kind === 'map' ? 'map' : 'scalar'
}

/** Merges a list with strategy `merge` (or applies a `$deleteFromPrimitiveList`). */
function mergeSlice(
  original: unknown[],
  patch: unknown[],
  meta: PatchMeta | undefined,
  isDeleteList: boolean,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original
  const kind = elementKind(original, patch)
  const mergeKey = meta?.mergeKey ?? ''
  let merged: unknown[]
  if (kind !== 'map') {
    if (isDeleteList) return original.filter((v) => !patch.includes(v))
    merged = dedupe([...original, ...patch])
  } else {
    if (!mergeKey) throw bad('cannot merge lists without merge key')
    ;[original, patch] = applyListDirectives(original as JsonMap[], patch as JsonMap[], mergeKey, meta?.items)
    merged = mergeByKey(original as JsonMap[], patch as JsonMap[], mergeKey, meta?.items)
  }
  const [patchItems, serverOnly] = partition(merged, patch, mergeKey)
  return normalizeElementOrder(patchItems, serverOnly, patch, original, mergeKey, kind ?? 'scalar')
}

function dedupe(list: unknown[]): unknown[] {
  const out: unknown[] = []
  for (const v of list) if (!out.includes(v)) out.push(v)
  return out
}

/**
 * Resolves `{key: v, $patch: delete}` (drop live elements with that key) and `{$patch: replace}`
 * (the other patch elements become the whole list). Returns the new original and the remaining patch.
 */
function applyListDirectives(
  original: JsonMap[],
  patch: JsonMap[],
  mergeKey: string,
  itemMeta: PatchMeta | undefined,
): [JsonMap[], JsonMap[]] {
  const rest: JsonMap[] = []
  let replace = false
  for (const el of patch) {
    if (!Object.hasOwn(el, PATCH)) {
      rest.push(el)
      continue
    }
    const directive = el[PATCH]
    if (directive === 'delete') {
      if (!Object.hasOwn(el, mergeKey)) throw noMergeKey(el, mergeKey)
      original = original.filter((o, i) => {
        if (!isPlainObject(o)) throw bad(`value for key ${i} is not a map`)
        return !(Object.hasOwn(o, mergeKey) && o[mergeKey] === el[mergeKey])
      })
    } else if (directive === 'replace') {
      replace = true
    } else if (directive === 'merge') {
      throw bad('merging lists cannot yet be specified in the patch')
    } else {
      throw badPatchType(directive, el)
    }
  }
  return replace ? [rest.map((el) => mergeMap({}, el, itemMeta)), []] : [original, rest]
}

/** Existing elements are merged with their patch element; new ones are appended in patch order. */
function mergeByKey(
  original: JsonMap[],
  patch: JsonMap[],
  mergeKey: string,
  itemMeta: PatchMeta | undefined,
): JsonMap[] {
  const out = [...original]
  for (const el of patch) {
    if (!Object.hasOwn(el, mergeKey)) throw noMergeKey(el, mergeKey)
    const i = findByKey(out, mergeKey, el[mergeKey])
    if (i >= 0) out[i] = mergeMap(out[i], el, itemMeta)
    else out.push(mergeMap({}, el, itemMeta))
  }
  return out
}

/** Handles every `$setElementOrder/<field>` of one map, merging and ordering that field. */
function applySetElementOrders(original: JsonMap, patch: JsonMap, meta: PatchMeta | undefined): void {
  for (const rawKey of Object.keys(patch)) {
    if (!rawKey.startsWith(SET_ELEMENT_ORDER)) continue
    const order = patch[rawKey]
    delete patch[rawKey]
    if (!Array.isArray(order)) throw badArgType('[]interface {}', order)
    const key = directiveTarget(rawKey, SET_ELEMENT_ORDER)
    const inOriginal = Object.hasOwn(original, key)
    const inPatch = Object.hasOwn(patch, key)
    const originalList: unknown[] = inOriginal ? original[key] : []
    const patchList: unknown[] = inPatch ? patch[key] : []
    if (!Array.isArray(originalList)) throw badArgType('[]interface {}', originalList)
    if (!Array.isArray(patchList)) throw badArgType('[]interface {}', patchList)
    const sub = childMeta(meta, key)
    const mergeKey = sub?.mergeKey ?? ''
    validateOrder(patchList, order, mergeKey)

    let merged: unknown[]
    if (inOriginal && !inPatch) merged = originalList
    else if (!inOriginal && inPatch) merged = freshList(patchList, sub?.items)
    else if (inOriginal && inPatch) {
      merged =
        baseStrategy(sub) === 'merge'
          ? mergeSlice(originalList, patchList, sub, false)
          : freshList(patchList, sub?.items)
    } else continue

    const kind = elementKind(originalList, patchList)
    if (kind !== undefined) {
      const [named, rest] = partition(merged, order, mergeKey)
      merged = normalizeElementOrder(named, rest, order, originalList, mergeKey, kind)
    }
    setOwn(original, key, merged)
    delete patch[key]
  }
}
