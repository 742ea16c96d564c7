/**
 * The `{resources}` segment of resources.kubesphere.io/v1alpha3 (kapis.md §5.2): a plural name
 * resolves to one kind, whatever its group. Cluster-level routes search the cluster-scoped table
 * first, then the namespaced one; namespace routes search only the namespaced table.
 */

export interface TableEntry {
  group: string
  resource: string
  namespaced: boolean
}

const NAMESPACED: Record<string, string> = {
  deployments: 'apps',
  daemonsets: 'apps',
  statefulsets: 'apps',
  services: '',
  configmaps: '',
  secrets: '',
  pods: '',
  serviceaccounts: '',
  persistentvolumeclaims: '',
  ingresses: 'networking.k8s.io',
  jobs: 'batch',
  cronjobs: 'batch',
  horizontalpodautoscalers: 'autoscaling',
  roles: 'rbac.authorization.k8s.io',
  rolebindings: 'rbac.authorization.k8s.io',
}

const CLUSTER: Record<string, string> = {
  persistentvolumes: '',
  nodes: '',
  namespaces: '',
  customresourcedefinitions: 'apiextensions.k8s.io',
  workspaces: 'tenant.kubesphere.io',
  workspacetemplates: 'tenant.kubesphere.io',
  globalroles: 'iam.kubesphere.io',
  workspaceroles: 'iam.kubesphere.io',
  users: 'iam.kubesphere.io',
  globalrolebindings: 'iam.kubesphere.io',
  workspacerolebindings: 'iam.kubesphere.io',
  loginrecords: 'iam.kubesphere.io',
  groups: 'iam.kubesphere.io',
  groupbindings: 'iam.kubesphere.io',
  clusterroles: 'rbac.authorization.k8s.io',
  clusterrolebindings: 'rbac.authorization.k8s.io',
  clusters: 'cluster.kubesphere.io',
  labels: 'cluster.kubesphere.io',
}

/** The kind behind `{resources}`; undefined means `resource is not supported`. */
export function resolveResource(resources: string, namespacedOnly: boolean): TableEntry | undefined {
  if (!namespacedOnly && Object.hasOwn(CLUSTER, resources)) {
    return { group: CLUSTER[resources], resource: resources, namespaced: false }
  }
  if (Object.hasOwn(NAMESPACED, resources)) {
    return { group: NAMESPACED[resources], resource: resources, namespaced: true }
  }
  return undefined
}

/** Every resolvable plural, for documentation. */
export const RESOURCE_NAMES: readonly string[] = [...Object.keys(CLUSTER), ...Object.keys(NAMESPACED)]
