/**
 * Helpers to spell ResourceInfo for built-in kinds compactly.
 */
import type { ResourceInfo, Scope, SubresourceInfo } from '../../../registry/strategy.js'

/** Every verb a plain collection serves, in the order upstream discovery lists them. */
export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']
/** The same without deletecollection (namespaces, services). */
export const VERBS_NO_DELETECOLLECTION = ALL_VERBS.filter((v) => v !== 'deletecollection')

export interface KindSpec {
  group: string
  version: string
  kind: string
  resource: string
  scope?: Scope
  shortNames?: string[]
  categories?: string[]
  verbs?: string[]
  subresources?: ResourceInfo['subresources']
}

/** ResourceInfo with singular = lower-case kind and listKind = kind + List. */
export function resourceInfo(k: KindSpec): ResourceInfo {
  const info: ResourceInfo = {
    group: k.group,
    version: k.version,
    resource: k.resource,
    singular: k.kind.toLowerCase(),
    kind: k.kind,
    listKind: `${k.kind}List`,
    scope: k.scope ?? 'Namespaced',
    verbs: k.verbs ?? ALL_VERBS,
  }
  if (k.shortNames) info.shortNames = k.shortNames
  if (k.categories) info.categories = k.categories
  if (k.subresources) info.subresources = k.subresources
  return info
}

/** A subresource whose reply is a core/v1 kind other than the parent's. */
export const coreSub = (name: string, verbs: string[], kind?: string): SubresourceInfo =>
  kind ? { name, verbs, responseKind: { group: '', version: 'v1', kind } } : { name, verbs }

