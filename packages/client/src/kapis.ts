/**
 * Typed helpers for a few /kapis routes, each one GET on its documented path (kapis.md):
 * clusters, workspaces and namespaces of tenant.kubesphere.io/v1beta1, users of
 * iam.kubesphere.io/v1beta1, any resource of resources.kubesphere.io/v1alpha3, and the version.
 * They throw the StatusError of a failed answer, like doRaw().
 */
import type { RESTClient } from './rest-client.js'
import type {
  Cluster,
  KubeObject,
  ListResult,
  Namespace,
  User,
  VersionInfo,
  WorkspaceTemplate,
} from './types.js'

export const TENANT_V1BETA1 = '/kapis/tenant.kubesphere.io/v1beta1'
export const IAM_V1BETA1 = '/kapis/iam.kubesphere.io/v1beta1'
export const RESOURCES_V1ALPHA3 = '/kapis/resources.kubesphere.io/v1alpha3'

/** The list query parameters the /kapis lists share (kapis.md §4). */
export interface ListQuery {
  /** Page size; with `page` (1-based) selects one page. */
  limit?: number
  page?: number
  /** `creationTimestamp` (default), `name`, or a resource-specific key. */
  sortBy?: string
  /** Default false: newest (or Z) first. */
  ascending?: boolean
  /** A Kubernetes label selector applied when reading. */
  labelSelector?: string
  /** Substring of the name (or the alias annotation). */
  name?: string
  /** Other filters, passed as `key=value`. */
  filters?: Record<string, string>
}

const seg = encodeURIComponent

export class KubeSphereClient {
  constructor(readonly rest: RESTClient) {}

  private async list<T>(path: string, q: ListQuery = {}): Promise<ListResult<T>> {
    const req = this.rest.get().absPath(path)
    const params: [string, unknown][] = [
      ['limit', q.limit],
      ['page', q.page],
      ['sortBy', q.sortBy],
      ['ascending', q.ascending],
      ['labelSelector', q.labelSelector],
      ['name', q.name],
      ...Object.entries(q.filters ?? {}),
    ]
    for (const [k, v] of params) if (v !== undefined) req.param(k, v as string)
    return req.doInto<ListResult<T>>()
  }

  /** GET /kapis/tenant.kubesphere.io/v1beta1/clusters: the clusters the caller may see. */
  listClusters(q?: ListQuery): Promise<ListResult<Cluster>> {
    return this.list(`${TENANT_V1BETA1}/clusters`, q)
  }

  /** GET /kapis/tenant.kubesphere.io/v1beta1/workspacetemplates: the workspaces the caller may see. */
  listWorkspaces(q?: ListQuery): Promise<ListResult<WorkspaceTemplate>> {
    return this.list(`${TENANT_V1BETA1}/workspacetemplates`, q)
  }

  /** Namespaces the caller may see, all or those of one workspace. */
  listNamespaces(q?: ListQuery & { workspace?: string }): Promise<ListResult<Namespace>> {
    const path = q?.workspace
      ? `${TENANT_V1BETA1}/workspaces/${seg(q.workspace)}/namespaces`
      : `${TENANT_V1BETA1}/namespaces`
    return this.list(path, q)
  }

  /** GET /kapis/iam.kubesphere.io/v1beta1/users. */
  listUsers(q?: ListQuery): Promise<ListResult<User>> {
    return this.list(`${IAM_V1BETA1}/users`, q)
  }

  /** GET /kapis/iam.kubesphere.io/v1beta1/users/{name}. */
  getUser(name: string): Promise<User> {
    return this.rest
      .get()
      .absPath(`${IAM_V1BETA1}/users/${seg(name)}`)
      .doInto<User>()
  }

  /** GET /kapis/resources.kubesphere.io/v1alpha3/[namespaces/{ns}/]{resource}, e.g. `pods`, `deployments`. */
  listResources<T = KubeObject>(
    resource: string,
    q?: ListQuery & { namespace?: string },
  ): Promise<ListResult<T>> {
    const ns = q?.namespace ? `/namespaces/${seg(q.namespace)}` : ''
    return this.list(`${RESOURCES_V1ALPHA3}${ns}/${seg(resource)}`, q)
  }

  /** GET /kapis/version. */
  version(): Promise<VersionInfo> {
    return this.rest.get().absPath('/kapis/version').doInto<VersionInfo>()
  }
}
