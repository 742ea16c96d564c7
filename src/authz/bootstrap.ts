/**
 * First-start objects of authorization (authz.md §9, §9.7), created when missing on every start
 * (an administrator's later edits are kept): role templates and categories, the global and
 * cluster roles, the BuiltinRoles, the global role bindings (`admin` → platform-admin among
 * them) and the `system-workspace` WorkspaceTemplate. When that workspace is created, the
 * system namespaces are labelled into it, as KubeSphere's installation job does.
 */
import { isAlreadyExists } from '../apimachinery/errors.js'
import { SYSTEM_USER } from '../apimachinery/user.js'
import type { ResourceRegistry } from '../registry/registry.js'
import type { Store } from '../registry/store.js'
import { categories, roleTemplates } from './builtin/role-templates.js'
import {
  builtinRoles,
  clusterRoles,
  globalRoleBindings,
  globalRoles,
  SYSTEM_WORKSPACE,
  SYSTEM_WORKSPACE_NAMESPACES,
  systemWorkspaceTemplate,
} from './builtin/roles.js'
import { IAM_GROUP, LABEL_MANAGED, LABEL_WORKSPACE, TENANT_GROUP } from './types.js'

const FIELD_MANAGER = 'ks-apiserver'

/** Creates `obj` unless it exists; true when it was created. */
async function ensure(store: Store, obj: any): Promise<boolean> {
  const namespace = obj.metadata.namespace ?? ''
  if (store.getCached(namespace, obj.metadata.name)) return false
  try {
    await store.create(namespace, obj, {
      user: SYSTEM_USER,
      version: store.info.version,
      fieldManager: FIELD_MANAGER,
    })
    return true
  } catch (err) {
    if (isAlreadyExists(err)) return false
    throw err
  }
}

function storeOf(registry: ResourceRegistry, group: string, resource: string): Store {
  const store = registry.storeFor(group, resource)
  if (!store)
    throw new Error(`${resource}.${group} is not served; the KubeSphere CRDs must be installed first`)
  return store
}

export async function bootstrapAuthorization(registry: ResourceRegistry): Promise<void> {
  const sets: [string, string, any[]][] = [
    [IAM_GROUP, 'roletemplates', roleTemplates()],
    [IAM_GROUP, 'categories', categories()],
    [IAM_GROUP, 'globalroles', globalRoles()],
    [IAM_GROUP, 'clusterroles', clusterRoles()],
    [IAM_GROUP, 'builtinroles', builtinRoles()],
    [IAM_GROUP, 'globalrolebindings', globalRoleBindings()],
  ]
  for (const [group, resource, objects] of sets) {
    const store = storeOf(registry, group, resource)
    for (const obj of objects) await ensure(store, obj)
  }

  const created = await ensure(
    storeOf(registry, TENANT_GROUP, 'workspacetemplates'),
    systemWorkspaceTemplate(),
  )
  if (!created) return
  const namespaces = storeOf(registry, '', 'namespaces')
  for (const name of SYSTEM_WORKSPACE_NAMESPACES) {
    if (!namespaces.getCached('', name)) continue
    await namespaces.guaranteedUpdate(
      '',
      name,
      { user: SYSTEM_USER, version: 'v1', fieldManager: FIELD_MANAGER },
      undefined,
      (ns) => ({
        ...ns,
        metadata: {
          ...ns.metadata,
          labels: {
            ...ns.metadata.labels,
            [LABEL_WORKSPACE]: SYSTEM_WORKSPACE,
            [LABEL_MANAGED]: 'true',
            'kubesphere.io/protected-resource': 'true',
          },
        },
      }),
    )
  }
}
