/**
 * SchemaSupport for the Store: built-in kinds use the OpenAPI schemas generated from
 * kubernetes-types; custom resources use their CRD's openAPIV3Schema. Patch metadata (merge
 * keys) is derived from the same schemas, once per strategy.
 */
import type { FieldError } from '../apimachinery/errors.js'
import { updateManagedFields } from '../apimachinery/patch/managed-fields.js'
import { patchMetaFromSchema } from '../apimachinery/patch/patch-meta.js'
import type { PatchMeta } from '../apimachinery/patch/strategic-merge-patch.js'
import { rfc3339 } from '../apimachinery/meta.js'
import type { SchemaSupport } from '../registry/schema-support.js'
import type { WriteOptions } from '../registry/store.js'
import type { Strategy } from '../registry/strategy.js'
import {
  findUnknownFields,
  findUnknownFieldsInSchema,
  pruneUnknownFields,
  pruneWithSchema,
  resolveRef,
  schemaForKind,
} from './openapi/schemas.js'

const noResolve = (): any => undefined

export class DefaultSchemaSupport implements SchemaSupport {
  private readonly metaCache = new WeakMap<Strategy, PatchMeta | null>()

  findUnknownFields(strategy: Strategy, obj: any): string[] {
    if (strategy.crdSchema) return findUnknownFieldsInSchema(strategy.crdSchema, obj)
    const { group, version, kind } = strategy.info
    return schemaForKind(group, version, kind) ? findUnknownFields(group, version, kind, obj) : []
  }

  prune(strategy: Strategy, obj: any): void {
    if (strategy.crdSchema) {
      pruneWithSchema(strategy.crdSchema, obj)
      return
    }
    const { group, version, kind } = strategy.info
    if (schemaForKind(group, version, kind)) pruneUnknownFields(group, version, kind, obj)
  }

  validate(_strategy: Strategy, _obj: any): FieldError[] {
    return []
  }

  patchMeta(strategy: Strategy): PatchMeta | undefined {
    let meta = this.metaCache.get(strategy)
    if (meta === undefined) {
      if (strategy.crdSchema) meta = patchMetaFromSchema(strategy.crdSchema, noResolve)
      else {
        const { group, version, kind } = strategy.info
        const s = schemaForKind(group, version, kind)
        meta = s ? patchMetaFromSchema(s.schema, resolveRef) : null
      }
      this.metaCache.set(strategy, meta ?? null)
    }
    return meta ?? undefined
  }

  recordManagedFields(strategy: Strategy, obj: any, old: any, opts: WriteOptions): void {
    const info = strategy.info
    const updated = updateManagedFields(old, obj, {
      manager: opts.fieldManager ?? 'unknown',
      apiVersion: info.group ? `${info.group}/${opts.version}` : opts.version,
      meta: this.patchMeta(strategy),
      now: rfc3339(),
      subresource: opts.subresource === 'status' ? 'status' : undefined,
    })
    const entries = updated.metadata?.managedFields
    if (entries) obj.metadata.managedFields = entries
    else delete obj.metadata.managedFields
  }
}
