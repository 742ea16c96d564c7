/**
 * Walkers that find (and optionally remove) fields a schema does not know.
 *
 * Two semantics exist because Kubernetes has two decoders:
 * - built-in kinds are Go structs: a field is unknown when the struct has no such member; maps
 *   accept any key; opaque types (RawExtension, FieldsV1, JSON) accept anything. The schemas are the
 *   generated component schemas, linked by `$ref` / `allOf: [{$ref}]`.
 * - custom resources follow structural-schema pruning (kube-api.md §14.5): an object node without
 *   a schema loses every field, `x-kubernetes-preserve-unknown-fields` keeps fields it does not
 *   name (known ones are still pruned inside), and the resource root and every
 *   `x-kubernetes-embedded-resource` node keep apiVersion/kind while their metadata is pruned to
 *   ObjectMeta with the built-in semantics.
 *
 * Paths are written as kube-apiserver reports them in `unknown field "<path>"` warnings and errors
 * (kube-api.md §9.3): fields joined by dots, list items as `[i]`, map keys as `.key`.
 */

export type Resolve = (ref: string) => any

interface Walk {
  resolve: Resolve
  prune: boolean
  found: string[]
}

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata'])

const child = (path: string, key: string) => (path ? `${path}.${key}` : key)

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** The property of a schema, ignoring inherited Object.prototype names such as `constructor`. */
const own = (props: unknown, key: string): any =>
  isObject(props) && Object.hasOwn(props, key) ? props[key] : undefined

/** Follows `$ref` and the single-reference `allOf` wrapper until a schema with content is reached. */
export function deref(schema: any, resolve: Resolve): any {
  let s = schema
  for (let hops = 0; isObject(s) && hops < 16; hops++) {
    if (typeof s.$ref === 'string') s = resolve(s.$ref)
    else if (Array.isArray(s.allOf) && s.allOf.length === 1 && !s.properties && !s.type) s = s.allOf[0]
    else return s
  }
  return s
}

function record(w: Walk, obj: Record<string, unknown>, key: string, path: string) {
  w.found.push(child(path, key))
  if (w.prune) delete obj[key]
}

/** Built-in (Go struct) semantics; see the module comment. */
export function walkTyped(schema: any, value: unknown, path: string, w: Walk): void {
  const s = deref(schema, w.resolve)
  if (!isObject(s) || value === null || typeof value !== 'object') return
  if (Array.isArray(value)) {
    if (s.items) value.forEach((v, i) => walkTyped(s.items, v, `${path}[${i}]`, w))
    return
  }
  const props = isObject(s.properties) ? s.properties : undefined
  const values = isObject(s.additionalProperties) ? s.additionalProperties : undefined
  // No members and no value schema: an opaque type (RawExtension, FieldsV1, JSON), or a scalar
  // schema given an object, which is a type error for validation to report, not an unknown field.
  if (!props && !values) return
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true
  for (const key of Object.keys(value)) {
    const sub = own(props, key) ?? values
    const v = (value as Record<string, unknown>)[key]
    if (sub) walkTyped(sub, v, child(path, key), w)
    else if (!preserve) record(w, value as Record<string, unknown>, key, path)
  }
}

/**
 * Structural (custom resource) semantics; `embedded` marks the resource root and nodes with
 * `x-kubernetes-embedded-resource`. `objectMeta` is the ObjectMeta schema for metadata pruning.
 */
export function walkStructural(
  schema: any,
  value: unknown,
  path: string,
  embedded: boolean,
  objectMeta: any,
  w: Walk,
): void {
  const s = isObject(schema) ? schema : undefined
  if (s?.['x-kubernetes-preserve-unknown-fields'] === true) {
    walkPreserved(s, value, path, embedded, objectMeta, w)
    return
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => walkStructural(s?.items, v, `${path}[${i}]`, false, objectMeta, w))
    return
  }
  if (!isObject(value)) return
  if (!s) {
    for (const key of Object.keys(value)) record(w, value, key, path)
    return
  }
  const isEmbedded = embedded || s['x-kubernetes-embedded-resource'] === true
  for (const key of Object.keys(value)) {
    if (isEmbedded && META_FIELDS.has(key)) {
      if (key === 'metadata') walkTyped(objectMeta, value.metadata, child(path, key), w)
      continue
    }
    const prop = own(s.properties, key)
    if (prop !== undefined) walkStructural(prop, value[key], child(path, key), false, objectMeta, w)
    else if (s.additionalProperties !== undefined && s.additionalProperties !== false) {
      const values = isObject(s.additionalProperties) ? s.additionalProperties : undefined
      walkStructural(values, value[key], child(path, key), false, objectMeta, w)
    } else record(w, value, key, path)
  }
}

/** Under `x-kubernetes-preserve-unknown-fields`: unknown fields stay, known ones are still walked. */
function walkPreserved(s: any, value: unknown, path: string, embedded: boolean, objectMeta: any, w: Walk) {
  if (Array.isArray(value)) {
    if (isObject(s.items))
      value.forEach((v, i) => walkPreserved(s.items, v, `${path}[${i}]`, false, objectMeta, w))
    return
  }
  if (!isObject(value)) return
  const isEmbedded = embedded || s['x-kubernetes-embedded-resource'] === true
  for (const key of Object.keys(value)) {
    if (isEmbedded && META_FIELDS.has(key)) {
      if (key === 'metadata') walkTyped(objectMeta, value.metadata, child(path, key), w)
      continue
    }
    const prop =
      own(s.properties, key) ?? (isObject(s.additionalProperties) ? s.additionalProperties : undefined)
    if (prop !== undefined) walkStructural(prop, value[key], child(path, key), false, objectMeta, w)
  }
}

/** Runs a walker and returns the paths it found. */
export function collect(resolve: Resolve, prune: boolean, run: (w: Walk) => void): string[] {
  const w: Walk = { resolve, prune, found: [] }
  run(w)
  return w.found
}
