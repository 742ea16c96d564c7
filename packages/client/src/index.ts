/**
 * @module @ks-apiserver/client — a TypeScript client for the KubeSphere API: in-cluster config
 * from the mounted KubeSphere ServiceAccount token, KubeSphere defaults, a REST client with
 * client-go's error and retry behaviour, kubeconfig loading and typed /kapis helpers.
 */
export type { RestConfig } from './config.js'
export {
  CA_FILE,
  DEFAULT_HOST,
  DEFAULT_TLS_HOST,
  SERVICE_ACCOUNT_DIR,
  TOKEN_FILE,
  inClusterConfig,
  type InClusterOverrides,
} from './in-cluster.js'
export { defaultUserAgent, setKubeSphereDefaults, type UserAgentParts } from './defaults.js'
export { RESTClient, restClientFor } from './rest-client.js'
export { Request, Result } from './request.js'
export { StatusError, isStatusError, type Status } from './status-error.js'
export { FileTokenSource, TOKEN_REFRESH_MS } from './token-source.js'
export { defaultKubeconfigPath, loadKubeconfig, type KubeconfigOptions } from './kubeconfig.js'
export { IAM_V1BETA1, KubeSphereClient, RESOURCES_V1ALPHA3, TENANT_V1BETA1, type ListQuery } from './kapis.js'
export type {
  Cluster,
  KubeObject,
  ListResult,
  Namespace,
  ObjectMeta,
  User,
  VersionInfo,
  WorkspaceTemplate,
} from './types.js'
export { CLIENT_COMMIT, CLIENT_VERSION } from './version.js'
