/**
 * Lists one kind with the v1alpha3 pipeline: the replaced set of `aggregateTo` and user scopes,
 * or the cached objects by label selector; then the resource's and the generic filters, sort
 * and paging. Tenant and cluster routes reuse it.
 */
import { matches } from '../../apimachinery/labels/selector.js'
import type { ResourceRegistry } from '../../registry/registry.js'
import type { Semantics } from '../filters.js'
import { listEntries, type Entry, type ListResult } from '../list.js'
import { listOf } from '../objects.js'
import type { Query } from '../query.js'
import { behaviourFor } from './behaviours.js'
import { candidatesFor } from './candidates.js'

export interface Kind {
  group: string
  resource: string
}

/** Applies the query's label selector to entries that were not read through it. */
export function bySelector(entries: Entry[], q: Query): Entry[] {
  const sel = q.labelSelector
  return sel ? entries.filter((e) => matches(sel, e.obj?.metadata?.labels)) : entries
}

export async function listKind(
  registry: ResourceRegistry,
  kind: Kind,
  namespace: string,
  q: Query,
  semantics: Semantics = 'v1alpha3',
): Promise<ListResult> {
  const filters = new Map(q.filters)
  const replaced = await candidatesFor(registry, kind.group, kind.resource, namespace, filters)
  const entries = replaced
    ? bySelector(replaced, q)
    : await listOf(registry, kind.group, kind.resource, namespace, q.labelSelector)
  return listEntries(entries, { ...q, filters }, semantics, behaviourFor(kind.resource, registry))
}

/** Lists entries already selected by the caller (e.g. the workspaces a user may see). */
export function listSelected(
  registry: ResourceRegistry,
  resource: string,
  entries: Entry[],
  q: Query,
  semantics: Semantics = 'v1alpha3',
): ListResult {
  return listEntries(bySelector(entries, q), q, semantics, behaviourFor(resource, registry))
}
