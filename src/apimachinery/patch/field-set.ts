/**
 * Field sets for managedFields: the set of field paths an object sets, and its `fieldsV1` trie
 * form (`f:<field>`, `k:<json of key fields>` for merge-keyed list items, `v:<json>` for set
 * members, `.` for a node that is itself a member). Paths follow the same PatchMeta as strategic
 * merge patch, so list items are identified by the same merge keys.
 */
import { deepEqual, isPlainObject } from '../meta.js'
import { baseStrategy, childMeta, type PatchMeta } from './patch-meta.js'

/** One path element: `f:name`, `k:{"name":"web"}`, `v:"a"` or `i:0`. */
export type PathToken = string
export type FieldPath = readonly PathToken[]
/** fieldsV1 as stored in metadata.managedFields. */
export type FieldsV1 = Record<string, any>

/** A set of paths; keys are JSON-encoded token arrays. */
export class FieldSet {
  private readonly paths = new Map<string, FieldPath>()

  static of(paths: Iterable<FieldPath>): FieldSet {
    const s = new FieldSet()
    for (const p of paths) s.add(p)
    return s
  }

  add(p: FieldPath): void {
    this.paths.set(JSON.stringify(p), p)
  }
  has(p: FieldPath): boolean {
    return this.paths.has(JSON.stringify(p))
  }
  delete(p: FieldPath): void {
    this.paths.delete(JSON.stringify(p))
  }
  get size(): number {
    return this.paths.size
  }
  [Symbol.iterator](): IterableIterator<FieldPath> {
    return this.paths.values()
  }
  /** Members of this set that are not in `other`. */
  minus(other: FieldSet): FieldSet {
    return FieldSet.of([...this].filter((p) => !other.has(p)))
  }
}

/** Keys the server owns: never recorded in any manager's set (as upstream's stripMeta). */
const STRIPPED: FieldPath[] = [
  ['f:apiVersion'],
  ['f:kind'],
  ['f:metadata'],
  ...[
    'name',
    'namespace',
    'creationTimestamp',
    'selfLink',
    'uid',
    'clusterName',
    'generation',
    'resourceVersion',
  ].map((f) => ['f:metadata', `f:${f}`]),
]
const MANAGED_FIELDS: FieldPath = ['f:metadata', 'f:managedFields']

const isPrefix = (prefix: FieldPath, p: FieldPath) =>
  prefix.length <= p.length && prefix.every((t, i) => p[i] === t)

/** Whether a path belongs to server-owned metadata. */
export function isStrippedPath(p: FieldPath): boolean {
  return isPrefix(MANAGED_FIELDS, p) || STRIPPED.some((s) => s.length === p.length && isPrefix(s, p))
}

/** The key token of a merge-keyed list element. */
export function keyToken(mergeKey: string, value: unknown): PathToken {
  return `k:${JSON.stringify({ [mergeKey]: value })}`
}

function collect(value: unknown, meta: PatchMeta | undefined, path: PathToken[], out: FieldPath[]): void {
  if (isPlainObject(value)) {
    const keys = Object.keys(value)
    if (path.length > 0 && (keys.length === 0 || baseStrategy(meta) === 'replace')) {
      out.push(path)
      return
    }
    for (const k of keys) collect(value[k], childMeta(meta, k), [...path, `f:${k}`], out)
    return
  }
  if (Array.isArray(value) && baseStrategy(meta) === 'merge' && value.length > 0) {
    const mergeKey = meta?.mergeKey
    if (mergeKey && value.every((el) => isPlainObject(el) && Object.hasOwn(el, mergeKey))) {
      for (const el of value as Record<string, any>[]) {
        const item = [...path, keyToken(mergeKey, el[mergeKey])]
        out.push(item)
        for (const k of Object.keys(el)) collect(el[k], childMeta(meta.items, k), [...item, `f:${k}`], out)
      }
      return
    }
    if (!mergeKey && value.every((el) => !isPlainObject(el) && !Array.isArray(el))) {
      for (const el of value) out.push([...path, `v:${JSON.stringify(el)}`])
      return
    }
  }
  // Scalars, nulls, atomic lists and maps, and lists that cannot be keyed are leaves.
  if (path.length > 0) out.push(path)
}

/** The paths an object (or an applied partial object) sets, server-owned metadata excluded. */
export function pathsOf(obj: unknown, meta: PatchMeta | undefined): FieldSet {
  const out: FieldPath[] = []
  collect(obj, meta, [], out)
  return FieldSet.of(out.filter((p) => !isStrippedPath(p)))
}

/** fieldsV1 trie of a set: `.` first, then children in sorted order; a leaf member is `{}`. */
export function toFieldsV1(set: FieldSet): FieldsV1 {
  interface Node {
    member: boolean
    children: Map<string, Node>
  }
  const root: Node = { member: false, children: new Map() }
  for (const p of set) {
    let node = root
    for (const t of p) {
      let next = node.children.get(t)
      if (!next) node.children.set(t, (next = { member: false, children: new Map() }))
      node = next
    }
    node.member = true
  }
  const emit = (node: Node): FieldsV1 => {
    const out: FieldsV1 = {}
    if (node.member && node.children.size > 0) out['.'] = {}
    for (const k of [...node.children.keys()].sort()) {
      Object.defineProperty(out, k, {
        value: emit(node.children.get(k)!),
        enumerable: true,
        writable: true,
        configurable: true,
      })
    }
    return out
  }
  return emit(root)
}

/** Parses a fieldsV1 trie back into a set (unknown shapes are ignored). */
export function fromFieldsV1(trie: unknown): FieldSet {
  const set = new FieldSet()
  const walk = (node: unknown, path: PathToken[]) => {
    if (!isPlainObject(node)) return
    const keys = Object.keys(node)
    if (keys.length === 0 && path.length > 0) set.add(path)
    for (const k of keys) {
      if (k === '.') {
        if (path.length > 0) set.add(path)
      } else {
        walk(node[k], [...path, k])
      }
    }
  }
  walk(trie, [])
  return set
}

/** The path as kube prints it in conflicts: `.spec.containers[name="web"].image`, `[="a"]`. */
export function pathString(p: FieldPath): string {
  return p
    .map((t) => {
      const body = t.slice(2)
      if (t.startsWith('f:')) return `.${body}`
      if (t.startsWith('v:')) return `[=${body}]`
      if (t.startsWith('i:')) return `[${body}]`
      if (t.startsWith('k:')) {
        const key = JSON.parse(body) as Record<string, unknown>
        return `[${Object.entries(key)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(',')}]`
      }
      return t
    })
    .join('')
}

/** Locates the container holding the last element of a path. */
interface Slot {
  container: Record<string, any> | unknown[]
  /** Object member name or array index. */
  at: string | number
}

function step(container: unknown, token: PathToken): Slot | undefined {
  const body = token.slice(2)
  if (token.startsWith('f:')) {
    return isPlainObject(container) && Object.hasOwn(container, body) ? { container, at: body } : undefined
  }
  if (!Array.isArray(container)) return undefined
  if (token.startsWith('k:')) {
    const key = JSON.parse(body) as Record<string, unknown>
    const i = container.findIndex(
      (el) => isPlainObject(el) && Object.entries(key).every(([k, v]) => deepEqual(el[k], v)),
    )
    return i >= 0 ? { container, at: i } : undefined
  }
  if (token.startsWith('v:')) {
    const v: unknown = JSON.parse(body)
    const i = container.findIndex((el) => deepEqual(el, v))
    return i >= 0 ? { container, at: i } : undefined
  }
  if (token.startsWith('i:')) {
    const i = Number(body)
    return i >= 0 && i < container.length ? { container, at: i } : undefined
  }
  return undefined
}

function slotOf(obj: unknown, p: FieldPath): Slot | undefined {
  let current: unknown = obj
  let slot: Slot | undefined
  for (const t of p) {
    slot = step(current, t)
    if (!slot) return undefined
    current = (slot.container as any)[slot.at]
  }
  return slot
}

/** The value at a path, or `{ found: false }`. */
export function valueAt(obj: unknown, p: FieldPath): { found: boolean; value?: unknown } {
  const slot = slotOf(obj, p)
  return slot ? { found: true, value: (slot.container as any)[slot.at] } : { found: false }
}

/** Removes the member at a path (field, list item or set value); returns whether it existed. */
export function removeAt(obj: unknown, p: FieldPath): boolean {
  const slot = slotOf(obj, p)
  if (!slot) return false
  if (Array.isArray(slot.container)) slot.container.splice(slot.at as number, 1)
  else delete slot.container[slot.at as string]
  return true
}
