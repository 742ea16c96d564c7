/**
 * Patch metadata: how strategic merge patch and server-side apply treat each point of an object.
 * Derived from OpenAPI v3 schemas (the single source of truth for merge keys, shared with the
 * served /openapi documents):
 *   - `x-kubernetes-patch-strategy` / `x-kubernetes-patch-merge-key` (built-in kinds' struct tags);
 *   - `x-kubernetes-list-type` `map` (first of `x-kubernetes-list-map-keys` is the merge key),
 *     `set` (primitive set merge), `atomic` (replace), and `x-kubernetes-map-type: atomic`.
 * An explicit patch strategy wins over the list/map type.
 */

export type PatchStrategy = 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys'

/** Describes the schema at one point of an object. Absent meta means "plain JSON merge". */
export interface PatchMeta {
  /** For objects: child field → meta. */
  fields?: Record<string, PatchMeta>
  /** For maps (additionalProperties): the meta of every value. */
  values?: PatchMeta
  /** For lists: the meta of the elements. */
  items?: PatchMeta
  /** For lists and maps; lists without `merge` are replaced whole. */
  strategy?: PatchStrategy
  /** For lists of objects merged element-wise: the identifying field. */
  mergeKey?: string
}

/** The meta of `key` inside an object (declared field first, then map values). */
export function childMeta(meta: PatchMeta | undefined, key: string): PatchMeta | undefined {
  if (!meta) return undefined
  const fields = meta.fields
  if (fields && Object.hasOwn(fields, key)) return fields[key]
  return meta.values
}

/** The strategy without `retainKeys`, which only matters to patch authors: `merge`, `replace` or ''. */
export function baseStrategy(meta: PatchMeta | undefined): '' | 'merge' | 'replace' {
  const s = meta?.strategy
  if (s === 'merge' || s === 'merge,retainKeys') return 'merge'
  if (s === 'replace') return 'replace'
  return ''
}

export interface PatchMetaOptions {
  /**
   * Honour `x-kubernetes-list-type` / `x-kubernetes-map-type` where no patch strategy is given
   * (default true). Strategic merge patch on built-in kinds, strictly, reads only the patch
   * strategy; server-side apply reads list types.
   */
  useListTypes?: boolean
}

type Schema = Record<string, any>

const STRATEGIES: Record<string, PatchStrategy> = {
  merge: 'merge',
  replace: 'replace',
  retainKeys: 'retainKeys',
  'merge,retainKeys': 'merge,retainKeys',
  'retainKeys,merge': 'merge,retainKeys',
}

const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v)

interface Flat {
  /** x-kubernetes-* keys; the outermost wrapper wins. */
  ext: Schema
  properties: Record<string, Schema>
  items?: Schema
  additionalProperties?: Schema
}

/**
 * Follows `$ref` and `allOf` through `resolve`, gathering extension keys (outer first) and the
 * structural keywords of every schema reached. `seen` breaks reference loops.
 */
function flatten(schema: Schema, resolve: (ref: string) => any, out: Flat, seen: Set<Schema>): void {
  if (seen.has(schema)) return
  seen.add(schema)
  for (const [k, v] of Object.entries(schema)) {
    if (k.startsWith('x-kubernetes-') && !Object.hasOwn(out.ext, k)) out.ext[k] = v
  }
  if (isObject(schema.properties)) {
    for (const [k, v] of Object.entries(schema.properties)) {
      if (isObject(v) && !Object.hasOwn(out.properties, k)) out.properties[k] = v
    }
  }
  if (!out.items && isObject(schema.items)) out.items = schema.items
  if (!out.additionalProperties && isObject(schema.additionalProperties))
    out.additionalProperties = schema.additionalProperties
  if (typeof schema.$ref === 'string') {
    const target = resolve(schema.$ref)
    if (isObject(target)) flatten(target, resolve, out, seen)
  }
  if (Array.isArray(schema.allOf)) {
    for (const part of schema.allOf) if (isObject(part)) flatten(part, resolve, out, seen)
  }
}

function strategyOf(ext: Schema, useListTypes: boolean): Pick<PatchMeta, 'strategy' | 'mergeKey'> {
  const out: Pick<PatchMeta, 'strategy' | 'mergeKey'> = {}
  const explicit = ext['x-kubernetes-patch-strategy']
  if (typeof explicit === 'string' && Object.hasOwn(STRATEGIES, explicit.replace(/\s/g, ''))) {
    out.strategy = STRATEGIES[explicit.replace(/\s/g, '')]
    const key = ext['x-kubernetes-patch-merge-key']
    if (typeof key === 'string' && key) out.mergeKey = key
    return out
  }
  if (!useListTypes) return out
  const listType = ext['x-kubernetes-list-type']
  if (listType === 'map') {
    out.strategy = 'merge'
    const keys = ext['x-kubernetes-list-map-keys']
    if (Array.isArray(keys) && typeof keys[0] === 'string') out.mergeKey = keys[0]
  } else if (listType === 'set') {
    out.strategy = 'merge'
  } else if (listType === 'atomic' || ext['x-kubernetes-map-type'] === 'atomic') {
    out.strategy = 'replace'
  }
  return out
}

/** Replaces a getter by the value it computes on first read. */
function lazy<K extends keyof PatchMeta>(node: PatchMeta, key: K, compute: () => PatchMeta[K]): void {
  Object.defineProperty(node, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = compute()
      Object.defineProperty(node, key, { value, enumerable: true, configurable: true, writable: true })
      return value
    },
  })
}

const memos = new WeakMap<(ref: string) => any, Map<boolean, WeakMap<Schema, PatchMeta>>>()

function memoFor(resolve: (ref: string) => any, useListTypes: boolean): WeakMap<Schema, PatchMeta> {
  let byOption = memos.get(resolve)
  if (!byOption) memos.set(resolve, (byOption = new Map()))
  let memo = byOption.get(useListTypes)
  if (!memo) byOption.set(useListTypes, (memo = new WeakMap()))
  return memo
}

/**
 * PatchMeta for an OpenAPI v3 schema. `resolve` maps a `$ref` (`#/components/schemas/<name>`)
 * to its schema. Children are derived on first access and memoized per schema object (and per
 * `resolve` function), so recursive types such as JSONSchemaProps are safe and cheap.
 */
export function patchMetaFromSchema(
  schema: any,
  resolve: (ref: string) => any,
  options: PatchMetaOptions = {},
): PatchMeta {
  const useListTypes = options.useListTypes ?? true
  const memo = memoFor(resolve, useListTypes)
  const build = (s: Schema): PatchMeta => {
    const hit = memo.get(s)
    if (hit) return hit
    const flat: Flat = { ext: {}, properties: {} }
    flatten(s, resolve, flat, new Set())
    const node: PatchMeta = strategyOf(flat.ext, useListTypes)
    memo.set(s, node)
    const props = Object.entries(flat.properties)
    if (props.length) lazy(node, 'fields', () => Object.fromEntries(props.map(([k, v]) => [k, build(v)])))
    const items = flat.items
    if (items) lazy(node, 'items', () => build(items))
    const additional = flat.additionalProperties
    if (additional) lazy(node, 'values', () => build(additional))
    return node
  }
  return isObject(schema) ? build(schema) : {}
}
