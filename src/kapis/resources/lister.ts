/**
 * Lists one kind with the v1alpha3 pipeline: the replaced set of `aggregateTo` and user scopes,
 * or the cached objects by label selector; then the resource's and the generic filters, sort
 * and paging. Tenant and cluster routes reuse it.
 */
import { matches } from '../../apimachinery/labels/selector.js'
import type { ResourceRegistry } from '../../registry/registry.js'
import type { Semantics } from '../filters.js'
import { listEntries, SortedLists, type Entry, type ListResult, type SortMemo } from '../list.js'
import { listCached } from '../objects.js'
import type { Store } from '../../registry/store.js'
import type { WatchCache } from '../../storage/cache/watch-cache.js'
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

/** Sorted lists per watch cache (one per server). */
const memos = new WeakMap<WatchCache, SortedLists>()

/**
 * The memo for a list of a store: keyed by the cache revision (global, so filters that read
 * other kinds, such as a pod's Service, are covered too), the collection and the query.
 */
function memoFor(store: Store, namespace: string, q: Query, semantics: Semantics): SortMemo {
  const cache = store.deps.cache
  let lists = memos.get(cache)
  if (!lists) memos.set(cache, (lists = new SortedLists()))
  const query = JSON.stringify([
    store.collectionPrefix(namespace),
    semantics,
    q.sortBy,
    q.ascending,
    q.labelSelectorText,
    [...q.filters],
  ])
  return { lists, query, revision: cache.revision }
}

export async function listKind(
  registry: ResourceRegistry,
  kind: Kind,
  namespace: string,
  q: Query,
  semantics: Semantics = 'v1alpha3',
): Promise<ListResult> {
  const filters = new Map(q.filters)
  const behaviour = behaviourFor(kind.resource, registry)
  const replaced = await candidatesFor(registry, kind.group, kind.resource, namespace, filters)
  if (replaced) return listEntries(bySelector(replaced, q), { ...q, filters }, semantics, behaviour)
  const store = registry.storeFor(kind.group, kind.resource)
  if (!store) return { items: [], totalItems: 0 }
  const memo = memoFor(store, namespace, q, semantics)
  // On a hit the objects need not be read at all.
  const entries = memo.lists.lookup(memo.query, memo.revision)
    ? []
    : await listCached(store, namespace, q.labelSelector)
  return listEntries(entries, q, semantics, behaviour, memo)
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
