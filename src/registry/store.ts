/**
 * The one generic REST store: every verb for every kind, parameterised by a Strategy.
 *
 * Reads (get, list, watch) are served from the watch cache; writes go to storage with
 * compare-and-swap on the stored revision and are visible in the cache when the promise
 * resolves. Objects are stored without metadata.resourceVersion: it is the storage revision
 * and is filled in on the way out. The flow of a write is in docs/request-flow.md.
 */
import {
  CONFLICT_MODIFIED,
  newBadRequest,
  newConflict,
  newGenerateNameConflict,
  newInvalid,
  newNotFound,
  newUnknown,
  type FieldError,
  type GroupResource,
} from '../apimachinery/errors.js'
import { clone, deepEqual, generateName, isPlainObject, newUid, rfc3339 } from '../apimachinery/meta.js'
import type { UserInfo } from '../apimachinery/user.js'
import type { AdmissionAttributes, ObjectReader, Operation } from '../admission/interfaces.js'
import type { AdmissionChain } from '../admission/chain.js'
import type { CachedObject, WatchCache } from '../storage/cache/watch-cache.js'
import { isStorageError, type Storage } from '../storage/interface.js'
import { interpretStorageError } from './interpret-errors.js'
import { resetReadOnlyMeta, validateFinalizersOnDelete, validateObjectMeta } from './object-meta.js'
import type { ResourceInfo, Strategy } from './strategy.js'
import type { SchemaSupport } from './schema-support.js'

export type FieldValidation = 'Ignore' | 'Warn' | 'Strict'

export interface WriteOptions {
  user: UserInfo
  /** The API version the request used (custom resources may serve several). */
  version: string
  dryRun?: boolean
  fieldManager?: string
  fieldValidation?: FieldValidation
  subresource?: string
  /** Server-side apply already wrote metadata.managedFields. */
  managedFieldsDone?: boolean
}

export interface WriteResult {
  object: any
  created: boolean
  warnings: string[]
}

export interface StoreDeps {
  storage: Storage
  cache: WatchCache
  admission: AdmissionChain
  reader: ObjectReader
  schema: SchemaSupport
}

const MAX_GENERATE_ATTEMPTS = 8
const MAX_CAS_RETRIES = 20

export class Store {
  readonly gr: GroupResource
  readonly prefix: string

  constructor(
    readonly strategy: Strategy,
    readonly deps: StoreDeps,
  ) {
    const info = strategy.info
    this.gr = { group: info.group, resource: info.resource }
    this.prefix = `/registry/${info.group || 'core'}/${info.resource}/`
  }

  get info(): ResourceInfo {
    return this.strategy.info
  }

  get namespaced(): boolean {
    return this.strategy.info.scope === 'Namespaced'
  }

  key(namespace: string, name: string): string {
    return this.namespaced ? `${this.prefix}${namespace}/${name}` : `${this.prefix}${name}`
  }

  /** The prefix for a collection: one namespace, or all. */
  collectionPrefix(namespace: string): string {
    return this.namespaced && namespace ? `${this.prefix}${namespace}/` : this.prefix
  }

  // ---- reads ----

  /** The cached object (shared, never mutate), or undefined. */
  getCached(namespace: string, name: string): CachedObject | undefined {
    return this.deps.cache.get(this.key(namespace, name))
  }

  /** The current object; 404 when absent. The object is shared: clone before changing it. */
  get(namespace: string, name: string): CachedObject {
    const c = this.getCached(namespace, name)
    if (!c) throw newNotFound(this.gr, name)
    return c
  }

  // ---- create ----

  async create(namespace: string, body: any, opts: WriteOptions): Promise<WriteResult> {
    const obj = clone(body)
    const warnings: string[] = []
    this.checkTypeMeta(obj, opts.version)
    if (!isPlainObject(obj.metadata)) obj.metadata = {}
    this.checkNamespace(obj, namespace)
    if (obj.metadata.resourceVersion) {
      throw newUnknown('resourceVersion should not be set on objects to be created')
    }
    this.applySchema(obj, opts, warnings)
    const meta = obj.metadata
    meta.uid = newUid()
    meta.creationTimestamp = rfc3339()
    delete meta.deletionTimestamp
    delete meta.deletionGracePeriodSeconds
    delete meta.selfLink
    if (this.strategy.tracksGeneration) meta.generation = 1
    else delete meta.generation
    const generated = !meta.name && typeof meta.generateName === 'string' && meta.generateName !== ''
    if (generated) meta.name = generateName(meta.generateName)
    this.strategy.canonicalize?.(obj)
    this.strategy.prepareForCreate?.(obj)
    this.strategy.defaults?.(obj)
    await this.admit('CREATE', obj, undefined, opts)
    this.validateCreate(obj)
    this.recordManagedFields(obj, undefined, opts)
    if (opts.dryRun) return { object: this.output(obj, 0, opts.version), created: true, warnings }

    for (let attempt = 1; ; attempt++) {
      try {
        const kv = await this.deps.storage.create(this.key(namespace, meta.name), this.serialize(obj))
        return { object: this.output(obj, kv.modRevision, opts.version), created: true, warnings }
      } catch (err) {
        if (generated && isStorageError(err, 'KeyExists')) {
          if (attempt >= MAX_GENERATE_ATTEMPTS) throw newGenerateNameConflict(this.gr, meta.name, 1)
          meta.name = generateName(meta.generateName)
          continue
        }
        throw interpretStorageError(err, this.gr, meta.name)
      }
    }
  }

  // ---- update ----

  /**
   * PUT. With metadata.resourceVersion the update is conditional (409 on mismatch); without,
   * it applies to whatever is current.
   */
  async update(namespace: string, name: string, body: any, opts: WriteOptions): Promise<WriteResult> {
    const obj = clone(body)
    this.checkTypeMeta(obj, opts.version)
    if (!isPlainObject(obj.metadata)) obj.metadata = {}
    if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
      throw newBadRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`)
    }
    obj.metadata.name = name
    this.checkNamespace(obj, namespace)
    const warnings: string[] = []
    this.applySchema(obj, opts, warnings)
    const precondition: string | undefined = obj.metadata.resourceVersion || undefined
    const result = await this.guaranteedUpdate(namespace, name, opts, precondition, () => clone(obj))
    return { ...result, warnings }
  }

  /**
   * Read-modify-write with retries on conflict. `tryUpdate` receives a private copy of the
   * current object and returns the desired object. `precondition` is a resourceVersion the
   * current object must have.
   */
  async guaranteedUpdate(
    namespace: string,
    name: string,
    opts: WriteOptions,
    precondition: string | undefined,
    tryUpdate: (current: any) => unknown,
  ): Promise<WriteResult> {
    for (let attempt = 0; ; attempt++) {
      const current = this.get(namespace, name)
      if (precondition !== undefined && precondition !== String(current.modRevision)) {
        throw newConflict(this.gr, name, CONFLICT_MODIFIED)
      }
      const old = clone(current.obj)
      const candidate = await tryUpdate(clone(current.obj))
      const obj = this.prepareUpdate(candidate, old, opts)
      await this.admit('UPDATE', obj, old, opts)
      this.validateUpdate(obj, old)
      this.recordManagedFields(obj, old, opts)
      this.bumpGeneration(obj, old)
      obj.metadata.resourceVersion = old.metadata.resourceVersion
      if (deepEqual(obj, old)) {
        return { object: this.output(obj, current.modRevision, opts.version), created: false, warnings: [] }
      }
      if (opts.dryRun) return { object: this.output(obj, current.modRevision, opts.version), created: false, warnings: [] }
      const finished = obj.metadata.deletionTimestamp && !this.hasPendingFinalizers(obj)
      try {
        if (finished) {
          const kv = await this.deps.storage.delete(this.key(namespace, name), current.modRevision)
          return { object: this.output(obj, kv.modRevision, opts.version), created: false, warnings: [] }
        }
        const kv = await this.deps.storage.update(this.key(namespace, name), this.serialize(obj), current.modRevision)
        return { object: this.output(obj, kv.modRevision, opts.version), created: false, warnings: [] }
      } catch (err) {
        if (isStorageError(err, 'Conflict') && precondition === undefined && attempt < MAX_CAS_RETRIES) {
          await this.deps.cache.waitUntilFresh(err.current?.modRevision ?? 0)
          continue
        }
        throw interpretStorageError(err, this.gr, name)
      }
    }
  }

  private prepareUpdate(candidate: any, old: any, opts: WriteOptions): any {
    if (!isPlainObject(candidate) || !isPlainObject(candidate.metadata)) {
      throw newBadRequest('the object must have metadata')
    }
    let obj = candidate
    if (opts.subresource === 'status') {
      // Only .status changes through /status.
      obj = clone(old)
      if (candidate.status === undefined) delete obj.status
      else obj.status = candidate.status
    } else if (opts.subresource === 'finalize') {
      // Only .spec.finalizers changes through /finalize (namespaces).
      obj = clone(old)
      obj.spec = { ...obj.spec, finalizers: candidate.spec?.finalizers ?? [] }
    } else {
      resetReadOnlyMeta(obj, old)
      if (obj.metadata.name !== old.metadata.name) {
        throw newBadRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${old.metadata.name})`)
      }
      if (this.namespaced) obj.metadata.namespace = old.metadata.namespace
      else delete obj.metadata.namespace
      obj.apiVersion = old.apiVersion
      obj.kind = old.kind
      this.strategy.canonicalize?.(obj)
      this.strategy.prepareForUpdate?.(obj, old)
    }
    this.strategy.defaults?.(obj)
    return obj
  }

  // ---- delete ----

  /**
   * DELETE one object. Objects with finalizers (or a Foreground/Orphan propagation, which adds
   * one) are only marked; the rest are removed at once. Returns the object or a Success Status.
   */
  async delete(namespace: string, name: string, options: DeleteOptions, opts: WriteOptions): Promise<{ object: any; removed: boolean }> {
    for (let attempt = 0; ; attempt++) {
      const current = this.get(namespace, name)
      const obj = clone(current.obj)
      const pre = options.preconditions
      if (pre?.uid && pre.uid !== obj.metadata.uid) {
        throw newConflict(this.gr, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid}`)
      }
      if (pre?.resourceVersion && pre.resourceVersion !== String(current.modRevision)) {
        throw newConflict(
          this.gr,
          name,
          `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.modRevision}`,
        )
      }
      await this.admit('DELETE', undefined, obj, opts)
      const policy = options.propagationPolicy ?? (options.orphanDependents === true ? 'Orphan' : undefined)
      const finalizers: string[] = [...(obj.metadata.finalizers ?? [])]
      if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion')
      if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan')
      const pending = finalizers.length > 0 || this.hasPendingFinalizers(obj)
      try {
        if (pending) {
          if (obj.metadata.deletionTimestamp && deepEqual(finalizers, obj.metadata.finalizers ?? [])) {
            // Already being deleted: nothing changes.
            this.strategy.onDeleteRepeated?.(obj)
            return { object: this.output(obj, current.modRevision, opts.version), removed: false }
          }
          if (!obj.metadata.deletionTimestamp) {
            obj.metadata.deletionTimestamp = rfc3339()
            obj.metadata.deletionGracePeriodSeconds = 0
            if (obj.metadata.generation !== undefined) obj.metadata.generation++
            this.strategy.prepareForDelete?.(obj)
          }
          obj.metadata.finalizers = finalizers
          if (finalizers.length === 0) delete obj.metadata.finalizers
          if (opts.dryRun) return { object: this.output(obj, current.modRevision, opts.version), removed: false }
          const kv = await this.deps.storage.update(this.key(namespace, name), this.serialize(obj), current.modRevision)
          return { object: this.output(obj, kv.modRevision, opts.version), removed: false }
        }
        if (opts.dryRun) return { object: this.output(obj, current.modRevision, opts.version), removed: true }
        const kv = await this.deps.storage.delete(this.key(namespace, name), current.modRevision)
        return { object: this.output(obj, kv.modRevision, opts.version), removed: true }
      } catch (err) {
        if (isStorageError(err, 'Conflict') && attempt < MAX_CAS_RETRIES) {
          await this.deps.cache.waitUntilFresh(err.current?.modRevision ?? 0)
          continue
        }
        throw interpretStorageError(err, this.gr, name)
      }
    }
  }

  private hasPendingFinalizers(obj: any): boolean {
    if ((obj.metadata.finalizers ?? []).length > 0) return true
    return this.strategy.hasPendingFinalizers?.(obj) ?? false
  }

  // ---- helpers ----

  private checkTypeMeta(obj: any, version: string): void {
    const info = this.strategy.info
    const expected = info.group ? `${info.group}/${version}` : version
    if (obj.apiVersion !== undefined && obj.apiVersion !== expected) {
      throw newBadRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${expected})`)
    }
    if (obj.kind !== undefined && obj.kind !== info.kind) {
      throw newBadRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${info.kind})`)
    }
    obj.apiVersion = info.group ? `${info.group}/${info.version}` : info.version
    obj.kind = info.kind
  }

  private checkNamespace(obj: any, namespace: string): void {
    if (!this.namespaced) {
      delete obj.metadata.namespace
      return
    }
    const ns = obj.metadata.namespace
    if (ns === undefined || ns === '') obj.metadata.namespace = namespace
    else if (ns !== namespace) {
      throw newBadRequest('the namespace of the provided object does not match the namespace sent on the request')
    }
  }

  private applySchema(obj: any, opts: WriteOptions, warnings: string[]): void {
    const validation = opts.fieldValidation ?? 'Warn'
    const unknown = validation === 'Ignore' ? [] : this.deps.schema.findUnknownFields(this.strategy, obj)
    if (unknown.length && validation === 'Strict') {
      const kind = this.strategy.info.kind
      throw newBadRequest(
        `${kind} in version ${JSON.stringify(opts.version)} cannot be handled as a ${kind}: strict decoding error: ${unknown
          .map((f) => `unknown field ${JSON.stringify(f)}`)
          .join(', ')}`,
      )
    }
    for (const f of unknown) warnings.push(`unknown field ${JSON.stringify(f)}`)
    this.deps.schema.prune(this.strategy, obj)
  }

  private async admit(op: Operation, obj: any, old: any, opts: WriteOptions): Promise<void> {
    const attrs: AdmissionAttributes = {
      operation: op,
      info: this.strategy.info,
      namespace: (obj ?? old)?.metadata?.namespace ?? '',
      name: (obj ?? old)?.metadata?.name ?? '',
      subresource: opts.subresource ?? '',
      object: obj,
      oldObject: old,
      user: opts.user,
      dryRun: opts.dryRun ?? false,
      reader: this.deps.reader,
    }
    await this.deps.admission.admit(attrs)
    await this.deps.admission.validate(attrs)
  }

  private validateCreate(obj: any): void {
    const errs: FieldError[] = [...validateObjectMeta(this.strategy, obj, this.namespaced)]
    errs.push(...(this.strategy.validate?.(obj) ?? []))
    errs.push(...this.deps.schema.validate(this.strategy, obj))
    if (errs.length) throw newInvalid({ group: this.gr.group, kind: this.strategy.info.kind }, obj.metadata?.name ?? '', errs)
  }

  private validateUpdate(obj: any, old: any): void {
    const errs: FieldError[] = [...validateObjectMeta(this.strategy, obj, this.namespaced)]
    errs.push(...validateFinalizersOnDelete(obj, old))
    errs.push(...(this.strategy.validate?.(obj) ?? []))
    errs.push(...(this.strategy.validateUpdate?.(obj, old) ?? []))
    errs.push(...this.deps.schema.validate(this.strategy, obj))
    if (errs.length) throw newInvalid({ group: this.gr.group, kind: this.strategy.info.kind }, obj.metadata?.name ?? '', errs)
  }

  private bumpGeneration(obj: any, old: any): void {
    if (!this.strategy.tracksGeneration) return
    const changed = this.strategy.generationChanged
      ? this.strategy.generationChanged(obj, old)
      : !deepEqual(withoutMetaAndStatus(obj, this.strategy), withoutMetaAndStatus(old, this.strategy))
    obj.metadata.generation = (old.metadata.generation ?? 0) + (changed ? 1 : 0)
  }

  private recordManagedFields(obj: any, old: any, opts: WriteOptions): void {
    if (opts.managedFieldsDone) return
    this.deps.schema.recordManagedFields(this.strategy, obj, old, opts)
  }

  private serialize(obj: any): string {
    const meta = obj.metadata
    const rv = meta.resourceVersion
    delete meta.resourceVersion
    const text = JSON.stringify(obj)
    if (rv !== undefined) meta.resourceVersion = rv
    return text
  }

  /** What a client sees: resourceVersion filled in, apiVersion as requested. */
  output(obj: any, revision: number, version: string): any {
    const out = obj
    if (revision > 0) out.metadata.resourceVersion = String(revision)
    const info = this.strategy.info
    if (version !== info.version) out.apiVersion = info.group ? `${info.group}/${version}` : version
    return out
  }
}

export interface DeleteOptions {
  gracePeriodSeconds?: number
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground'
  orphanDependents?: boolean
  preconditions?: { uid?: string; resourceVersion?: string }
  dryRun?: string[]
}

function withoutMetaAndStatus(obj: any, strategy: Strategy): any {
  const { metadata: _m, status, ...rest } = obj
  return strategy.info.subresources?.status ? rest : { ...rest, status }
}
