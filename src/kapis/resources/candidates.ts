/**
 * Filters that replace the listed set instead of narrowing it (kapis.md §5.3): `aggregateTo`
 * on roles, and the membership scopes of users (`namespace`, `workspace`, `cluster`,
 * `globalrole`). The keys used are removed from the filters; the remaining filters, the sort
 * and the paging then apply as usual.
 */
import type { ResourceRegistry } from '../../registry/registry.js'
import type { Entry } from '../list.js'
import { entryOf } from '../list.js'
import { IAM, WORKSPACE_LABEL, listOf } from '../objects.js'
import { selectorFromSet } from '../../apimachinery/labels/selector.js'
import { aggregationRoleNames } from './behaviours.js'

const ROLE_KINDS = new Set(['globalroles', 'workspaceroles', 'clusterroles', 'roles'])

interface Scope {
  /** Filter key that selects this scope and the value that turns it on (any non-empty when ''). */
  key: string
  on?: string
  /** Optional filter naming the role. */
  roleKey: string
  annotation: string
  bindings: (registry: ResourceRegistry, value: string) => Promise<any[]>
}

const USER_SCOPES: readonly Scope[] = [
  {
    key: 'namespace',
    roleKey: 'role',
    annotation: 'iam.kubesphere.io/role',
    bindings: async (r, ns) => (await listOf(r, IAM, 'rolebindings', ns)).map((c) => c.obj),
  },
  {
    key: 'workspace',
    roleKey: 'workspacerole',
    annotation: 'iam.kubesphere.io/workspacerole',
    bindings: async (r, ws) =>
      (await listOf(r, IAM, 'workspacerolebindings', '', selectorFromSet({ [WORKSPACE_LABEL]: ws }))).map(
        (c) => c.obj,
      ),
  },
  {
    // Upstream reads WorkspaceRoleBindings here (a bug); cluster members are ClusterRoleBindings.
    key: 'cluster',
    on: 'true',
    roleKey: 'clusterrole',
    annotation: 'iam.kubesphere.io/clusterrole',
    bindings: async (r) => (await listOf(r, IAM, 'clusterrolebindings')).map((c) => c.obj),
  },
  {
    key: 'globalrole',
    roleKey: 'globalrole',
    annotation: 'iam.kubesphere.io/globalrole',
    bindings: async (r) => (await listOf(r, IAM, 'globalrolebindings')).map((c) => c.obj),
  },
]

/** Users bound in the first scope the filters name, each annotated with its role. */
async function scopedUsers(
  registry: ResourceRegistry,
  store: string,
  filters: Map<string, string>,
): Promise<Entry[] | undefined> {
  const scope = USER_SCOPES.find((s) => {
    const v = filters.get(s.key)
    return v !== undefined && v !== '' && (s.on === undefined || v === s.on)
  })
  if (!scope) return undefined
  const value = filters.get(scope.key)!
  // For `globalrole` the scope key is also the role name.
  const role = scope.key === scope.roleKey ? value : (filters.get(scope.roleKey) ?? '')
  filters.delete(scope.key)
  filters.delete(scope.roleKey)
  const users = registry.storeFor(IAM, store)
  const seen = new Map<string, Entry>()
  for (const b of await scope.bindings(registry, value)) {
    const roleName: string = b?.roleRef?.name ?? ''
    if (role && roleName !== role) continue
    for (const s of b?.subjects ?? []) {
      if (s?.kind !== 'User' || seen.has(s.name)) continue
      const user = users?.getCached('', s.name)?.obj
      if (!user) continue
      const annotations = { ...(user.metadata?.annotations ?? {}), [scope.annotation]: roleName }
      seen.set(s.name, entryOf({ ...user, metadata: { ...user.metadata, annotations } }))
    }
  }
  return [...seen.values()]
}

/** The roles named by the aggregation annotation of the `aggregateTo` role. */
async function aggregatedRoles(
  registry: ResourceRegistry,
  group: string,
  resource: string,
  namespace: string,
  filters: Map<string, string>,
): Promise<Entry[] | undefined> {
  const base = filters.get('aggregateTo')
  if (!base) return undefined
  filters.delete('aggregateTo')
  const store = registry.storeFor(group, resource)
  const role = store?.getCached(namespace, base)?.obj
  if (!store || !role) return []
  const out: Entry[] = []
  for (const name of aggregationRoleNames(role)) {
    const c = store.getCached(namespace, name)
    if (c) out.push(c)
  }
  return out
}

/** The replaced set for these filters, or undefined to list the store as usual. */
export async function candidatesFor(
  registry: ResourceRegistry,
  group: string,
  resource: string,
  namespace: string,
  filters: Map<string, string>,
): Promise<Entry[] | undefined> {
  if (ROLE_KINDS.has(resource)) return aggregatedRoles(registry, group, resource, namespace, filters)
  if (resource === 'users') return scopedUsers(registry, resource, filters)
  return undefined
}
