/**
 * Element order of merged lists in strategic merge patch: patch elements follow the patch (or
 * `$setElementOrder`), live-only elements follow the live list, and the two are interleaved the
 * way k8s.io/apimachinery strategicpatch does it.
 */
import { isPlainObject } from '../meta.js'
import { badArgType, bad, goV, noMergeKey } from './smp-errors.js'

type JsonMap = Record<string, any>

/** How elements are identified: by merge key (maps) or by value (scalars). */
export type ElementKind = 'map' | 'scalar'

export const PATCH_DIRECTIVE = '$patch'
export const SET_ELEMENT_ORDER = '$setElementOrder'

/** Index of the first element whose merge key equals `value`; every element must be a map. */
export function findByKey(list: unknown[], mergeKey: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const el = list[i]
    if (!isPlainObject(el)) throw bad(`value for key ${i} is not a map`)
    if (Object.hasOwn(el, mergeKey) && el[mergeKey] === value) return i
  }
  return -1
}

/** Splits `list` into the elements named in `by` and the rest, keeping relative order. */
export function partition(list: unknown[], by: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const named: unknown[] = []
  const rest: unknown[] = []
  for (const v of list) {
    let found: boolean
    if (!mergeKey) {
      found = by.includes(v)
    } else {
      if (!isPlainObject(v)) throw badArgType('map[string]interface {}', v)
      if (!Object.hasOwn(v, mergeKey)) throw noMergeKey(v, mergeKey)
      found = findByKey(by, mergeKey, v[mergeKey]) >= 0
    }
    ;(found ? named : rest).push(v)
  }
  return [named, rest]
}

/** Identity used for ordering: the merge key's value for maps, the value itself for scalars. */
function identity(v: unknown, mergeKey: string, kind: ElementKind): unknown {
  if (kind !== 'map') return v
  return isPlainObject(v) ? v[mergeKey] : undefined
}

function indexIn(order: unknown[], v: unknown, mergeKey: string, kind: ElementKind): number {
  const id = identity(v, mergeKey, kind)
  return order.findIndex((o) => identity(o, mergeKey, kind) === id)
}

/** Stable sort of `items` by position in `order`; elements marked for deletion go last. */
function sortByOrder(items: unknown[], order: unknown[], mergeKey: string, kind: ElementKind): unknown[] {
  let toDelete: unknown[] = []
  if (kind === 'map') {
    for (const list of [items, order]) {
      for (const el of list) {
        if (!isPlainObject(el)) throw badArgType('map[string]interface {}', el)
        if (!Object.hasOwn(el, mergeKey)) throw noMergeKey(el, mergeKey)
      }
    }
    toDelete = items.filter((el) => (el as JsonMap)[PATCH_DIRECTIVE] === 'delete')
    items = items.filter((el) => (el as JsonMap)[PATCH_DIRECTIVE] !== 'delete')
  }
  const ranked = items.map((el, pos) => ({ el, pos, at: indexIn(order, el, mergeKey, kind) }))
  ranked.sort((a, b) => (a.at >= 0 && b.at >= 0 ? a.at - b.at : 0) || a.pos - b.pos)
  return [...ranked.map((r) => r.el), ...toDelete]
}

/**
 * Orders a merged list: patch elements by `patchOrder`, live-only elements by `serverOrder`, then
 * interleaves them — a live-only element goes before the next patch element only when the live
 * list already had it in front of that element. Precedence: $setElementOrder > patch > live.
 */
export function normalizeElementOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  const right = sortByOrder(patchItems, patchOrder, mergeKey, kind)
  const left = sortByOrder(serverOnly, serverOrder, mergeKey, kind)
  const out: unknown[] = []
  let i = 0
  let j = 0
  while (i < left.length || j < right.length) {
    if (j >= right.length) out.push(left[i++])
    else if (i >= left.length) out.push(right[j++])
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind)
      const ri = indexIn(serverOrder, right[j], mergeKey, kind)
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++])
      else out.push(right[j++])
    }
  }
  return out
}

/** Checks that the patch list follows the order given by `$setElementOrder` (deletions ignored). */
export function validateOrder(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return
  let items = patchList
  if (mergeKey) {
    for (const el of patchList) if (!isPlainObject(el)) throw badArgType('map[string]interface {}', el)
    items = patchList.filter((el) => (el as JsonMap)[PATCH_DIRECTIVE] !== 'delete')
  }
  const sameKey = (a: unknown, b: unknown): boolean => {
    if (!mergeKey) return a === b
    if (!isPlainObject(a)) throw badArgType('map[string]interface {}', a)
    if (!isPlainObject(b)) throw badArgType('map[string]interface {}', b)
    if (!Object.hasOwn(a, mergeKey)) throw noMergeKey(a, mergeKey)
    if (!Object.hasOwn(b, mergeKey)) throw noMergeKey(b, mergeKey)
    return a[mergeKey] === b[mergeKey]
  }
  let p = 0
  let o = 0
  while (p < items.length && o < order.length) {
    const el = items[p]
    if (isPlainObject(el) && Object.hasOwn(el, PATCH_DIRECTIVE)) {
      p++
      continue
    }
    if (sameKey(el, order[o])) p++
    o++
  }
  if (p < items.length && o >= order.length) {
    throw bad(
      `The order in patch list:\n${goV(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goV(order)}\n`,
    )
  }
}
