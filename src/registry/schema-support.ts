/**
 * What the Store needs from schemas, behind one interface so the registry does not depend on
 * where schemas come from (generated OpenAPI for built-in kinds, the CRD for custom resources).
 */
import type { FieldError } from '../apimachinery/errors.js'
import type { PatchMeta } from '../apimachinery/patch/strategic-merge-patch.js'
import type { Strategy } from './strategy.js'
import type { WriteOptions } from './store.js'

export interface SchemaSupport {
  /** Paths of fields the kind's schema does not know (`spec.foo`, `spec.containers[0].x`). */
  findUnknownFields(strategy: Strategy, obj: any): string[]
  /** Drops unknown fields in place, as decoding into the kind's type would. */
  prune(strategy: Strategy, obj: any): void
  /** Schema validation beyond the strategy's own (custom resources: the CRD's OpenAPI schema). */
  validate(strategy: Strategy, obj: any): FieldError[]
  /** Merge keys and strategies for strategic merge patch and server-side apply. */
  patchMeta(strategy: Strategy): PatchMeta | undefined
  /** Maintains metadata.managedFields for a non-apply write. */
  recordManagedFields(strategy: Strategy, obj: any, old: any, opts: WriteOptions): void
}
