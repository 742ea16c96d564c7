/**
 * Keeps a PolicyIndex current: one informer (list, then watch) per kind the authorizer reads.
 * Informers follow the watch cache's prefix, so they survive a CRD re-registering its Store.
 */
import { inform } from '../controllers/runtime.js'
import type { ResourceRegistry } from '../registry/registry.js'
import type { Watcher } from '../storage/interface.js'
import type { IndexedKind, PolicyIndex } from './policy-index.js'
import { IAM_GROUP } from './types.js'

const SOURCES: readonly [IndexedKind, string, string][] = [
  ['Namespace', '', 'namespaces'],
  ['GlobalRole', IAM_GROUP, 'globalroles'],
  ['WorkspaceRole', IAM_GROUP, 'workspaceroles'],
  ['ClusterRole', IAM_GROUP, 'clusterroles'],
  ['Role', IAM_GROUP, 'roles'],
  ['GlobalRoleBinding', IAM_GROUP, 'globalrolebindings'],
  ['WorkspaceRoleBinding', IAM_GROUP, 'workspacerolebindings'],
  ['ClusterRoleBinding', IAM_GROUP, 'clusterrolebindings'],
  ['RoleBinding', IAM_GROUP, 'rolebindings'],
]

/** Starts the informers; resolves once every current object is in the index. */
export async function informPolicyIndex(registry: ResourceRegistry, index: PolicyIndex): Promise<Watcher[]> {
  const watchers: Watcher[] = []
  for (const [kind, group, resource] of SOURCES) {
    const store = registry.storeFor(group, resource)
    if (!store) throw new Error(`${resource}.${group || 'core'} is not served; authorization cannot start`)
    watchers.push(await inform(store, (type, obj) => index.apply(kind, type, obj)))
  }
  return watchers
}
