/**
 * Per-kind strategy: everything the one generic Store needs to know about a kind.
 * Built-in kinds define theirs in src/apis/<group>/<version>/; CRDs get one built at run time.
 */
import type { FieldError } from '../apimachinery/errors.js'

export type Scope = 'Namespaced' | 'Cluster'

export interface ScaleSubresource {
  /** JSON paths into the object, e.g. `.spec.replicas`. */
  specReplicasPath: string
  statusReplicasPath: string
  labelSelectorPath?: string
}

export interface ResourceInfo {
  group: string
  version: string
  /** Plural, lower case: `deployments`. */
  resource: string
  singular: string
  kind: string
  listKind: string
  scope: Scope
  shortNames?: string[]
  categories?: string[]
  verbs: string[]
  /** Subresources served beside the main resource. */
  subresources?: { status?: boolean; scale?: ScaleSubresource; other?: SubresourceInfo[] }
}

/** A subresource with its own handler (e.g. serviceaccounts/token, namespaces/finalize). */
export interface SubresourceInfo {
  name: string
  verbs: string[]
  /** Kind of the reply when it differs from the parent's: `{group:'autoscaling',version:'v1',kind:'Scale'}`. */
  responseKind?: { group: string; version: string; kind: string }
}

export interface TableColumn {
  name: string
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date'
  format?: string
  description?: string
  /** 0 = shown by default, 1 = only with `-o wide`. */
  priority: number
}

export interface TableConvertor {
  columns: TableColumn[]
  /** Cells for one object, in column order. `now` is injected for ages. */
  cells(obj: any, now: number): unknown[]
  /** Extra per-row conditions (Completed pods). */
  conditions?(obj: any): { type: string; status: string }[] | undefined
}

export interface Strategy {
  info: ResourceInfo
  /**
   * Fill defaults in place (create, update, and objects read back from storage).
   * Must be idempotent.
   */
  defaults?(obj: any): void
  /** Before create: clear status for kinds with a status subresource, set initial status, etc. */
  prepareForCreate?(obj: any): void
  /** Before update of the main resource: e.g. keep old status when a status subresource exists. */
  prepareForUpdate?(obj: any, old: any): void
  /** Kind-specific validation on create (metadata basics are checked by the Store). */
  validate?(obj: any): FieldError[]
  /** Kind-specific validation on update (immutable fields ...). */
  validateUpdate?(obj: any, old: any): FieldError[]
  /** Name rule for metadata.name; default DNS-1123 subdomain. */
  nameValidation?: 'subdomain' | 'label' | 'dns1035' | 'path-segment'
  /** Whether metadata.generation is tracked (and bumped when spec changes). */
  tracksGeneration?: boolean
  /** Decides whether an update changes the generation (default: anything outside metadata and status changed). */
  generationChanged?(obj: any, old: any): boolean
  /** DELETE answers the object (true) or a Success Status (false). */
  returnDeletedObject?: boolean
  /** Fields selectable with fieldSelector beyond metadata.name/namespace, with their values. */
  selectableFields?(obj: any): Record<string, string>
  /** Upstream wording for unsupported field selectors differs by kind; true = `field label not supported: <f>`. */
  hasFieldLabelConversion?: boolean
  table?: TableConvertor
  /** Only JSON and YAML bodies (custom resources); protobuf and strategic merge patch → 415. */
  isCustomResource?: boolean
  /** Custom resources: the storage version's openAPIV3Schema (pruning, unknown fields). */
  crdSchema?: any
  /** OpenAPI schema name for this kind's component schema (e.g. io.k8s.api.core.v1.Pod). */
  schemaName?: string
  /** Extra cleanup: write-only fields (Secret.stringData) folded before storing. */
  canonicalize?(obj: any): void
  /** Kind-specific finalizers outside metadata.finalizers (Namespace spec.finalizers). */
  hasPendingFinalizers?(obj: any): boolean
  /** Called when deletion is first marked (deletionTimestamp just set): e.g. phase Terminating. */
  prepareForDelete?(obj: any): void
  /** Called on DELETE of an object already being deleted; may throw (Namespace answers 409). */
  onDeleteRepeated?(obj: any): void
}
