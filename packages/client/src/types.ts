/**
 * The shapes the typed /kapis helpers answer: the ListResult envelope and the few KubeSphere
 * kinds they list. Fields beyond the common ones are left open.
 */

export interface ObjectMeta {
  name?: string
  namespace?: string
  uid?: string
  resourceVersion?: string
  creationTimestamp?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  [field: string]: unknown
}

export interface KubeObject {
  apiVersion?: string
  kind?: string
  metadata: ObjectMeta
  [field: string]: unknown
}

/** `{"items": [...], "totalItems": n}`: one page of matches and how many there are in all. */
export interface ListResult<T = KubeObject> {
  items: T[]
  totalItems: number
}

/** cluster.kubesphere.io/v1alpha1 Cluster (the kubeconfig is removed by the server). */
export interface Cluster extends KubeObject {
  spec?: {
    provider?: string
    enable?: boolean
    connection?: Record<string, unknown>
    [field: string]: unknown
  }
  status?: {
    conditions?: { type: string; status: string; [field: string]: unknown }[]
    [field: string]: unknown
  }
}

/** tenant.kubesphere.io/v1beta1 WorkspaceTemplate. */
export interface WorkspaceTemplate extends KubeObject {
  spec?: {
    template?: { spec?: { manager?: string; [field: string]: unknown } }
    placement?: Record<string, unknown>
    [field: string]: unknown
  }
}

/** iam.kubesphere.io/v1beta1 User (the password is never returned). */
export interface User extends KubeObject {
  spec?: { email?: string; lang?: string; description?: string; [field: string]: unknown }
  status?: { state?: string; lastLoginTime?: string; [field: string]: unknown }
}

export interface Namespace extends KubeObject {
  status?: { phase?: string }
}

/** Body of /kapis/version. */
export interface VersionInfo {
  gitVersion: string
  gitMajor?: string
  gitMinor?: string
  gitCommit?: string
  gitTreeState?: string
  buildDate?: string
  goVersion?: string
  compiler?: string
  platform?: string
  kubernetes?: Record<string, string>
}
