/**
 * The fixed names of KubeSphere ServiceAccounts (`kubesphere.io/v1alpha1`), shared by the
 * controllers that give them token Secrets, the pod injector and the tests. Values are
 * upstream's (serviceaccount.md §1).
 */

export const SA_GROUP = 'kubesphere.io'
export const SA_RESOURCE = 'serviceaccounts'
export const SA_KIND = 'ServiceAccount'

/** Secret `.type` of a ServiceAccount token Secret. */
export const SA_TOKEN_SECRET_TYPE = 'kubesphere.io/service-account-token'
/** Secret annotation naming the ServiceAccount (same namespace) the token is for. */
export const SA_NAME_ANNOTATION = 'kubesphere.io/service-account.name'
/** Key of the token in the Secret's data, and the file name in the pod. */
export const SA_TOKEN_KEY = 'token'
/** The finalizer the reconciler puts on every ServiceAccount. */
export const SA_FINALIZER = 'finalizers.kubesphere.io/serviceaccount'
/** `kubesphere:serviceaccount:` + `<namespace>:<name>` is the identity of a ServiceAccount. */
export const SA_USERNAME_PREFIX = 'kubesphere:serviceaccount:'

/** Pod annotation that asks for a ServiceAccount's token (value: its name, same namespace). */
export const POD_SA_ANNOTATION = 'kubesphere.io/serviceaccount-name'
/** The projected volume the injector adds, and where every container mounts it. */
export const SA_VOLUME_NAME = 'kubesphere-service-account'
export const SA_MOUNT_PATH = '/var/run/secrets/kubesphere.io/serviceaccount'
/** TLS mode only: the CA ConfigMap in the pod's namespace and its source Secret. */
export const SA_CA_CONFIGMAP = 'kubesphere-root-ca.crt'
export const SA_CA_KEY = 'ca.crt'
export const SA_CA_SOURCE_NAMESPACE = 'kubesphere-system'
export const SA_CA_SOURCE_SECRET = 'ks-apiserver-tls-certs'
/** Workload pod template annotation the reconciler sets to roll pods onto a new secret. */
export const SA_RESTARTED_AT_ANNOTATION = 'kubesphere.io/restartedAt'

/** Controller and webhook names (event source components, field managers). */
export const SA_CONTROLLER = 'ks-serviceaccount'
export const SA_SECRET_CONTROLLER = 'serviceaccount-secret'
export const SA_INJECTOR_WEBHOOK = 'serviceaccount-pod-injector.kubesphere.io'

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SA_USERNAME_PREFIX}${namespace}:${name}`
}

/** A Secret that is a valid token Secret of ServiceAccount `name`: the right type and annotation. */
export function isTokenSecretOf(secret: any, name: string): boolean {
  return secret?.type === SA_TOKEN_SECRET_TYPE && secret?.metadata?.annotations?.[SA_NAME_ANNOTATION] === name
}
