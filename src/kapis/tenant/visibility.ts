/**
 * Lists restricted to what the caller may see (kapis.md §6.3, §7.2). Each list first asks the
 * authorizer whether the caller sees everything; otherwise it is built from the caller's own
 * bindings: workspaces from WorkspaceRoleBindings, namespaces from RoleBindings, clusters from
 * the clusters the caller is bound in. ServiceAccount subjects never count here.
 */
import type { UserInfo } from '../../apimachinery/user.js'
import { allowed } from '../access.js'
import type { KapisDeps } from '../deps.js'
import type { Entry, ListResult } from '../list.js'
import {
  CLUSTER_GROUP,
  IAM,
  TENANT,
  USER_REF_LABEL,
  WORKSPACE_LABEL,
  listOf,
  subjectsInclude,
} from '../objects.js'
import type { Query } from '../query.js'
import { listKind, listSelected } from '../resources/lister.js'
import { HOST_CLUSTER_LABEL } from '../cluster/v1alpha1.js'
import { parseBool } from '../../apimachinery/strconv.js'
import { newBadRequest } from '../../apimachinery/errors.js'

export type WorkspaceKind = 'workspaces' | 'workspacetemplates'

/** Workspaces named by the caller's WorkspaceRoleBindings, or every one when allowed. */
export async function listWorkspacesFor(
  deps: KapisDeps,
  user: UserInfo,
  kind: WorkspaceKind,
  q: Query,
): Promise<ListResult> {
  const { registry } = deps
  // Upstream asks with the API group `*`: only wildcard-group rules let a caller see all.
  if (
    await allowed(deps.access, {
      user,
      verb: 'list',
      apiGroup: '*',
      resource: 'workspaces',
      resourceScope: 'Global',
    })
  ) {
    return listKind(registry, { group: TENANT, resource: kind }, '', q)
  }
  const store = registry.storeFor(TENANT, kind)
  const entries = new Map<string, Entry>()
  for (const b of await listOf(registry, IAM, 'workspacerolebindings')) {
    const ws = b.obj?.metadata?.labels?.[WORKSPACE_LABEL]
    if (!ws || entries.has(ws) || !subjectsInclude(b.obj.subjects, user.name, user.groups)) continue
    const found = store?.getCached('', ws)
    if (found) entries.set(ws, found)
  }
  return listSelected(registry, kind, [...entries.values()], q)
}

/**
 * Namespaces the caller sees: all (of the workspace) when it may list namespaces at that scope,
 * else those where some RoleBinding names the caller. With a workspace, only its namespaces.
 * `groups` are the caller's groups (none for the member variant).
 */
export async function listNamespacesFor(
  deps: KapisDeps,
  user: UserInfo,
  workspace: string,
  q: Query,
): Promise<ListResult> {
  const { registry } = deps
  const inWorkspace = (e: Entry) => !workspace || e.obj?.metadata?.labels?.[WORKSPACE_LABEL] === workspace
  const sees = await allowed(deps.access, {
    user,
    verb: 'list',
    apiGroup: '',
    resource: 'namespaces',
    workspace,
    resourceScope: workspace ? 'Workspace' : 'Cluster',
  })
  if (sees) {
    const all = await listOf(registry, '', 'namespaces', '', q.labelSelector)
    return listSelected(registry, 'namespaces', all.filter(inWorkspace), { ...q, labelSelector: undefined })
  }
  const namespaces = registry.storeFor('', 'namespaces')
  const entries = new Map<string, Entry>()
  for (const b of await listOf(registry, IAM, 'rolebindings')) {
    const ns = b.obj?.metadata?.namespace
    if (!ns || entries.has(ns) || !subjectsInclude(b.obj.subjects, user.name, user.groups)) continue
    // A binding left in a deleted namespace is skipped (upstream fails the whole list).
    const found = namespaces?.getCached('', ns)
    if (found && inWorkspace(found)) entries.set(ns, found)
  }
  return listSelected(registry, 'namespaces', [...entries.values()], q)
}

export function isHostCluster(cluster: any): boolean {
  return cluster?.metadata?.labels?.[HOST_CLUSTER_LABEL] !== undefined
}

/** Ready: the Ready condition is True; the host (this server) is always ready. */
export function isReadyCluster(cluster: any): boolean {
  if (isHostCluster(cluster)) return true
  return (cluster?.status?.conditions ?? []).some((c: any) => c?.type === 'Ready' && c.status === 'True')
}

/**
 * Clusters the caller sees (kapis.md §7.2): all when it may list clusters globally; otherwise
 * the clusters granted to its User — those named in its `iam.kubesphere.io/granted-clusters`
 * annotation, and the host when an iam ClusterRoleBinding labelled with the user names it (what
 * the cluster controller would write into that annotation) — plus, with `roleBindingExists=true`,
 * ready clusters where a RoleBinding labelled with the user exists. A caller without a User
 * object (a ServiceAccount) sees none.
 */
export async function listClustersFor(deps: KapisDeps, user: UserInfo, q: Query): Promise<ListResult> {
  const { registry } = deps
  if (
    await allowed(deps.access, {
      user,
      verb: 'list',
      apiGroup: CLUSTER_GROUP,
      resource: 'clusters',
      resourceScope: 'Global',
    })
  ) {
    return listKind(registry, { group: CLUSTER_GROUP, resource: 'clusters' }, '', q)
  }
  const filters = new Map(q.filters)
  const rbFilter = filters.get('roleBindingExists')
  filters.delete('roleBindingExists')
  const withRoleBindings = rbFilter === undefined ? false : parseBool(rbFilter)
  if (withRoleBindings === undefined) throw newBadRequest(`invalid roleBindingExists: ${rbFilter}`)
  const userObj = registry.get(IAM, 'users', '', user.name)
  const clusters = registry.storeFor(CLUSTER_GROUP, 'clusters')
  if (!userObj || !clusters) return { items: [], totalItems: 0 }
  const names = new Set<string>(
    String(userObj.metadata?.annotations?.['iam.kubesphere.io/granted-clusters'] ?? '')
      .split(',')
      .filter(Boolean),
  )
  const boundBy = async (resource: string) =>
    (await listOf(registry, IAM, resource)).some(
      (b) =>
        b.obj?.metadata?.labels?.[USER_REF_LABEL] === user.name &&
        (resource !== 'clusterrolebindings' || subjectsInclude(b.obj.subjects, user.name, [])),
    )
  const all = await listOf(registry, CLUSTER_GROUP, 'clusters')
  const host = all.find((c) => isHostCluster(c.obj))
  if (host && (await boundBy('clusterrolebindings'))) names.add(host.obj.metadata.name)
  // Every RoleBinding of this single-cluster server lives on the host, which is always ready.
  if (withRoleBindings && host && (await boundBy('rolebindings'))) names.add(host.obj.metadata.name)
  const entries = [...names].flatMap((n) => {
    const c = clusters.getCached('', n)
    return c ? [c] : []
  })
  return listSelected(registry, 'clusters', entries, { ...q, filters })
}
