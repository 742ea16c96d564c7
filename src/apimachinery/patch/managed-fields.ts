/**
 * metadata.managedFields and server-side apply, the pragmatic subset of kube-api.md §10.4:
 * ownership is tracked per manager as field sets (field-set.ts); apply merges the applied config
 * into the live object with the PatchMeta merge keys, removes fields its manager stopped applying
 * (unless someone else owns them), and reports conflicts only on scalar leaves whose value
 * changes while another manager owns them. Same value from two managers = shared ownership.
 */
import { newConflictMessage, type GroupResource, type StatusCause } from '../errors.js'
import {
  FieldSet,
  fromFieldsV1,
  pathsOf,
  pathString,
  removeAt,
  toFieldsV1,
  valueAt,
  type FieldPath,
  type FieldsV1,
} from './field-set.js'
import { cloneJson, setOwn } from './merge-patch.js'
import { deepEqual, isPlainObject } from '../meta.js'
import { baseStrategy, childMeta, type PatchMeta } from './patch-meta.js'

export { FieldSet, fromFieldsV1, pathString, toFieldsV1, type FieldPath, type FieldsV1 } from './field-set.js'

export interface ManagedFieldsEntry {
  manager: string
  operation: 'Apply' | 'Update'
  apiVersion: string
  time?: string
  fieldsType: 'FieldsV1'
  fieldsV1: any
  subresource?: string
}

interface CommonOptions {
  manager: string
  apiVersion: string
  meta: PatchMeta | undefined
  /** Time of the write; stored at second precision (`2024-05-01T10:00:00Z`). */
  now: string | Date
  subresource?: string
  /**
   * Top-level fields this endpoint does not write (e.g. `['status']` on the main resource of a
   * kind with a status subresource). For subresource `status`, everything but `status` is ignored.
   */
  ignoredFields?: readonly string[]
}

export interface ApplyOptions extends CommonOptions {
  force: boolean
  /** For the Conflict Status details. */
  gr?: GroupResource
  name?: string
}

export interface UpdateOptions extends CommonOptions {
  operation?: 'Update'
}

/** The set of leaf paths an object (or an applied partial object) sets, as a fieldsV1 trie. */
export function fieldSetOf(obj: any, meta: PatchMeta | undefined): FieldsV1 {
  return toFieldsV1(pathsOf(obj, meta))
}

/** `YYYY-MM-DDTHH:MM:SSZ`, as managedFields times are written. */
export function managedFieldsTime(now: string | Date): string {
  const d = typeof now === 'string' ? new Date(now) : now
  return d.toISOString().replace(/\.\d+Z$/, 'Z')
}

interface Managed {
  entry: Omit<ManagedFieldsEntry, 'fieldsV1' | 'fieldsType'>
  set: FieldSet
}

/** Upstream's manager identifier: Apply entries ignore apiVersion, nobody's includes the time. */
function identity(e: Managed['entry']): string {
  const id: Record<string, string> = { manager: e.manager, operation: e.operation }
  if (e.operation === 'Update' && e.apiVersion) id.apiVersion = e.apiVersion
  if (e.subresource) id.subresource = e.subresource
  return JSON.stringify(id)
}

/** How conflict messages name a manager: `"m"`, `"m" with subresource "status"`, `… using apps/v1`. */
function printManager(e: Managed['entry']): string {
  let s = JSON.stringify(e.manager)
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`
  return e.operation === 'Update' ? `${s} using ${e.apiVersion}` : s
}

function readManaged(obj: any): Managed[] {
  const list: unknown = obj?.metadata?.managedFields
  if (!Array.isArray(list)) return []
  return list.filter(isPlainObject).map((e) => {
    const entry: Managed['entry'] = {
      manager: String(e.manager ?? ''),
      operation: e.operation === 'Apply' ? 'Apply' : 'Update',
      apiVersion: String(e.apiVersion ?? ''),
    }
    if (typeof e.time === 'string') entry.time = e.time
    if (typeof e.subresource === 'string' && e.subresource) entry.subresource = e.subresource
    return { entry, set: fromFieldsV1(e.fieldsV1) }
  })
}

/** Encoded entries, empty sets dropped, in upstream's order: operation, time, manager, apiVersion, subresource. */
function encode(managed: Managed[]): ManagedFieldsEntry[] {
  const seconds = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) : 0)
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  return managed
    .filter((m) => m.set.size > 0)
    .sort(
      (p, q) =>
        cmp(p.entry.operation, q.entry.operation) ||
        seconds(p.entry.time) - seconds(q.entry.time) ||
        cmp(p.entry.manager, q.entry.manager) ||
        cmp(p.entry.apiVersion, q.entry.apiVersion) ||
        cmp(p.entry.subresource ?? '', q.entry.subresource ?? ''),
    )
    .map((m) => {
      // Members in the order kube-apiserver writes them.
      const out: Record<string, unknown> = {
        manager: m.entry.manager,
        operation: m.entry.operation,
        apiVersion: m.entry.apiVersion,
      }
      if (m.entry.time) out.time = m.entry.time
      out.fieldsType = 'FieldsV1'
      out.fieldsV1 = toFieldsV1(m.set)
      if (m.entry.subresource) out.subresource = m.entry.subresource
      return out as unknown as ManagedFieldsEntry
    })
}

function withManagedFields(obj: any, entries: ManagedFieldsEntry[]): any {
  if (!isPlainObject(obj.metadata)) obj.metadata = {}
  if (entries.length) obj.metadata.managedFields = entries
  else delete obj.metadata.managedFields
  return obj
}

/** Paths this endpoint writes. */
function inScope(opts: CommonOptions): (p: FieldPath) => boolean {
  if (opts.subresource === 'status') return (p) => p[0] === 'f:status'
  const ignored = new Set((opts.ignoredFields ?? []).map((f) => `f:${f}`))
  return (p) => !ignored.has(p[0])
}

const scoped = (set: FieldSet, keep: (p: FieldPath) => boolean) => FieldSet.of([...set].filter(keep))

/** Merges an applied config into a live value: maps by key, merge-keyed lists by key, sets as unions. */
function mergeApplied(live: unknown, applied: unknown, meta: PatchMeta | undefined): unknown {
  if (isPlainObject(applied) && baseStrategy(meta) !== 'replace') {
    const out: Record<string, any> = isPlainObject(live) ? live : {}
    for (const [k, v] of Object.entries(applied)) {
      if (v === null) delete out[k]
      else setOwn(out, k, mergeApplied(Object.hasOwn(out, k) ? out[k] : undefined, v, childMeta(meta, k)))
    }
    return out
  }
  if (Array.isArray(applied) && baseStrategy(meta) === 'merge') {
    const out = Array.isArray(live) ? [...live] : []
    const key = meta?.mergeKey
    if (key && applied.every((el) => isPlainObject(el) && Object.hasOwn(el, key))) {
      for (const el of applied as Record<string, any>[]) {
        const i = out.findIndex((o) => isPlainObject(o) && deepEqual(o[key], el[key]))
        if (i >= 0) out[i] = mergeApplied(out[i], el, meta.items)
        else out.push(mergeApplied(undefined, el, meta.items))
      }
      return out
    }
    if (!key) {
      for (const el of applied) if (!out.some((o) => deepEqual(o, el))) out.push(cloneJson(el))
      return out
    }
  }
  return isPlainObject(applied) ? mergeApplied(undefined, applied, undefined) : cloneJson(applied)
}

/** Removes emptied parent maps of a removed path unless someone owns them; top-level fields stay. */
function pruneEmptyParents(obj: unknown, p: FieldPath, owned: (p: FieldPath) => boolean): void {
  for (let len = p.length - 1; len >= 2; len--) {
    const parent = p.slice(0, len)
    const { found, value } = valueAt(obj, parent)
    if (!found || !isPlainObject(value) || Object.keys(value).length > 0 || owned(parent)) return
    removeAt(obj, parent)
  }
}

/** A merge-key field of a list item (`…k:{"name":"x"}.f:name`): it goes only with its item. */
function isKeyField(p: FieldPath): boolean {
  const parent = p[p.length - 2]
  if (p.length < 2 || !parent?.startsWith('k:')) return false
  return Object.hasOwn(JSON.parse(parent.slice(2)) as object, p[p.length - 1].slice(2))
}

const isPrefix = (prefix: FieldPath, p: FieldPath) =>
  prefix.length <= p.length && prefix.every((t, i) => p[i] === t)

/**
 * Server-side apply of `applied` (a partial object) onto `live` (undefined = create). Returns the
 * new object with metadata.managedFields updated. Throws a 409 Conflict listing every conflicting
 * field unless `force`, in which case those fields change owner.
 */
export function serverSideApply(live: any, applied: any, opts: ApplyOptions): { object: any } {
  const keep = inScope(opts)
  const intent = cloneJson(applied ?? {})
  if (isPlainObject(intent.metadata)) delete intent.metadata.managedFields
  for (const k of Object.keys(intent)) if (!keep([`f:${k}`])) delete intent[k]
  const appliedSet = scoped(pathsOf(intent, opts.meta), keep)

  const managed = readManaged(live)
  const self: Managed['entry'] = { manager: opts.manager, operation: 'Apply', apiVersion: opts.apiVersion }
  if (opts.subresource) self.subresource = opts.subresource
  const selfId = identity(self)
  const previous = managed.find((m) => identity(m.entry) === selfId)
  const others = managed.filter((m) => m !== previous)

  const conflicts: { owner: Managed; path: FieldPath }[] = []
  for (const p of appliedSet) {
    if (!p[p.length - 1].startsWith('f:')) continue
    const owners = others.filter((m) => m.set.has(p))
    if (owners.length === 0) continue
    const now = valueAt(live, p)
    if (now.found && deepEqual(now.value, valueAt(intent, p).value)) continue
    for (const owner of owners) conflicts.push({ owner, path: p })
  }
  if (conflicts.length && !opts.force) throw conflictError(conflicts, opts)
  for (const c of conflicts) c.owner.set.delete(c.path)

  const object = mergeApplied(live === undefined ? undefined : cloneJson(live), intent, opts.meta) as Record<
    string,
    any
  >
  const ownedBy = (sets: FieldSet[]) => (p: FieldPath) =>
    sets.some((set) => [...set].some((q) => isPrefix(p, q)))
  const ownedByOthers = ownedBy(others.map((m) => m.set))
  const dropped = [...(previous?.set ?? new FieldSet()).minus(appliedSet)]
    .filter((p) => !ownedByOthers(p) && !isKeyField(p))
    // Shallow first: removing a list item takes its fields along, and keys stay usable meanwhile.
    .sort((a, b) => a.length - b.length)
  const ownedByAnyone = ownedBy([...others.map((m) => m.set), appliedSet])
  for (const p of dropped) if (removeAt(object, p)) pruneEmptyParents(object, p, ownedByAnyone)

  self.time = managedFieldsTime(opts.now)
  return { object: withManagedFields(object, encode([...others, { entry: self, set: appliedSet }])) }
}

function conflictError(conflicts: { owner: Managed; path: FieldPath }[], opts: ApplyOptions) {
  const causes: StatusCause[] = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(c.owner.entry)}`,
    field: pathString(c.path),
  }))
  let message: string
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0].owner.entry)}: ${pathString(conflicts[0].path)}`
  } else {
    const byOwner = new Map<string, { owner: Managed; paths: FieldPath[] }>()
    for (const c of conflicts) {
      const id = identity(c.owner.entry)
      const group = byOwner.get(id) ?? { owner: c.owner, paths: [] }
      group.paths.push(c.path)
      byOwner.set(id, group)
    }
    const lines: string[] = []
    for (const id of [...byOwner.keys()].sort()) {
      const g = byOwner.get(id)!
      lines.push(
        `conflicts with ${printManager(g.owner.entry)}:`,
        ...g.paths.map((p) => `- ${pathString(p)}`),
      )
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`
  }
  return newConflictMessage(opts.gr ?? { group: '', resource: '' }, opts.name ?? '', message, causes)
}

/**
 * Records a non-apply write (create, update, patch) by `manager`: it takes ownership of every
 * field that was added or changed, other managers lose those fields, and fields that disappeared
 * leave every set. Returns a copy of `updated` with metadata.managedFields set. The base entries
 * are `updated`'s own managedFields when present (a client may rewrite them), else `old`'s.
 */
export function updateManagedFields(old: any, updated: any, opts: UpdateOptions): any {
  const keep = inScope(opts)
  const oldPaths = old === undefined ? new FieldSet() : scoped(pathsOf(old, opts.meta), keep)
  const newPaths = scoped(pathsOf(updated, opts.meta), keep)
  const changed = FieldSet.of(
    [...newPaths].filter((p) => {
      if (!oldPaths.has(p)) return true
      return p[p.length - 1].startsWith('f:') && !deepEqual(valueAt(old, p).value, valueAt(updated, p).value)
    }),
  )
  const removed = oldPaths.minus(newPaths)

  const managed = readManaged(Array.isArray(updated?.metadata?.managedFields) ? updated : old)
  const self: Managed['entry'] = { manager: opts.manager, operation: 'Update', apiVersion: opts.apiVersion }
  if (opts.subresource) self.subresource = opts.subresource
  const selfId = identity(self)
  let mine = managed.find((m) => identity(m.entry) === selfId)
  for (const m of managed) {
    for (const p of removed) m.set.delete(p)
    if (m !== mine) for (const p of changed) m.set.delete(p)
  }
  if (changed.size > 0) {
    if (!mine) managed.push((mine = { entry: self, set: new FieldSet() }))
    for (const p of changed) mine.set.add(p)
    mine.entry.time = managedFieldsTime(opts.now)
  }
  return withManagedFields(cloneJson(updated), encode(managed))
}
