/**
 * Admission: mutating then validating plugins that the registry runs on create, update and
 * delete, after defaulting and before validation/persistence. Plugins reach other objects only
 * through the read-only view they are given.
 */
import type { UserInfo } from '../apimachinery/user.js'
import type { ResourceInfo } from '../registry/strategy.js'

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE'

/** Read access to the current state of any served resource, for plugins. */
export interface ObjectReader {
  /** The current object, or undefined. `group`/`resource` name the kind, e.g. ('', 'namespaces'). */
  get(group: string, resource: string, namespace: string, name: string): any
}

export interface AdmissionAttributes {
  operation: Operation
  info: ResourceInfo
  namespace: string
  name: string
  subresource: string
  /** The object being written (mutable for admit plugins); undefined on DELETE. */
  object?: any
  /** The stored object on UPDATE and DELETE. */
  oldObject?: any
  user: UserInfo
  dryRun: boolean
  reader: ObjectReader
}

export interface AdmissionPlugin {
  readonly name: string
  handles(op: Operation): boolean
  /** May change attrs.object. Throw an ApiError to reject. */
  admit?(attrs: AdmissionAttributes): void | Promise<void>
  /** Must not change anything. Throw an ApiError to reject. */
  validate?(attrs: AdmissionAttributes): void | Promise<void>
}
