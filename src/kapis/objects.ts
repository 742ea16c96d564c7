/**
 * In-process reads for /kapis handlers: objects come from the registry's watch cache, never
 * from storage and never over HTTP. Cached objects are shared; handlers copy before changing.
 */
import { matches, type LabelSelector } from '../apimachinery/labels/selector.js'
import type { ResourceRegistry } from '../registry/registry.js'
import type { Store } from '../registry/store.js'
import type { CachedObject } from '../storage/cache/watch-cache.js'

export const WORKSPACE_LABEL = 'kubesphere.io/workspace'
export const USER_REF_LABEL = 'iam.kubesphere.io/user-ref'
export const ROLE_REF_LABEL = 'iam.kubesphere.io/role-ref'
export const IAM = 'iam.kubesphere.io'
export const TENANT = 'tenant.kubesphere.io'
export const CLUSTER_GROUP = 'cluster.kubesphere.io'

/** The cached objects of a store (one namespace, or all), optionally by label selector. */
export async function listCached(
  store: Store | undefined,
  namespace = '',
  selector?: LabelSelector,
): Promise<CachedObject[]> {
  if (!store) return []
  const filter = selector ? (o: CachedObject) => matches(selector, o.obj?.metadata?.labels) : undefined
  const result = await store.deps.cache.list(store.collectionPrefix(namespace), filter ? { filter } : {})
  return result.items
}

/** The objects of (group, resource), or none when this server does not serve the kind. */
export async function listOf(
  registry: ResourceRegistry,
  group: string,
  resource: string,
  namespace = '',
  selector?: LabelSelector,
): Promise<CachedObject[]> {
  return listCached(registry.storeFor(group, resource), namespace, selector)
}

/** How many objects of (group, resource) exist (in a namespace, or all). */
export function countOf(registry: ResourceRegistry, group: string, resource: string, namespace = ''): number {
  const store = registry.storeFor(group, resource)
  return store ? store.deps.cache.count(store.collectionPrefix(namespace)) : 0
}

/** The cached object or undefined. */
export function getOf(
  registry: ResourceRegistry,
  group: string,
  resource: string,
  namespace: string,
  name: string,
): any {
  return registry.storeFor(group, resource)?.getCached(namespace, name)?.obj
}

/** Labels of an object with the ones given set (a new map). */
export function withLabels(obj: any, labels: Record<string, string>): Record<string, string> {
  return { ...(obj?.metadata?.labels ?? {}), ...labels }
}

/** True when some subject is the user by name or one of its groups (ServiceAccounts never). */
export function subjectsInclude(
  subjects: any[] | undefined,
  user: string,
  groups: readonly string[],
): boolean {
  return (subjects ?? []).some(
    (s) => (s?.kind === 'User' && s.name === user) || (s?.kind === 'Group' && groups.includes(s.name)),
  )
}
