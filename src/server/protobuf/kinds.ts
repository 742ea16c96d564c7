/**
 * Which group/version/kinds have a protobuf message here, and which message that is (our
 * names, see descriptor.ts). These are the kinds a client-go typed client sends as protobuf
 * to this server: kubectl's typed commands (`create configmap|secret|namespace|deployment|
 * service|serviceaccount|job|cronjob|role|rolebinding|clusterrole|clusterrolebinding|quota|
 * priorityclass|poddisruptionbudget|ingress`, `create token`, `auth can-i`, `auth whoami`,
 * `autoscale`, `drain`, `certificate approve`, `debug --copy-to`) and the built-in kinds the
 * server stores. tools/generate-descriptors.ts writes the messages reachable from this table.
 */

const GROUP_VERSIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  v1: {
    ConfigMap: 'core.v1.ConfigMap',
    Secret: 'core.v1.Secret',
    Namespace: 'core.v1.Namespace',
    ServiceAccount: 'core.v1.ServiceAccount',
    Service: 'core.v1.Service',
    Pod: 'core.v1.Pod',
    ResourceQuota: 'core.v1.ResourceQuota',
    Node: 'core.v1.Node',
    Event: 'core.v1.Event',
    Binding: 'core.v1.Binding',
  },
  'apps/v1': {
    Deployment: 'apps.v1.Deployment',
    ReplicaSet: 'apps.v1.ReplicaSet',
    StatefulSet: 'apps.v1.StatefulSet',
    DaemonSet: 'apps.v1.DaemonSet',
    ControllerRevision: 'apps.v1.ControllerRevision',
  },
  'batch/v1': { Job: 'batch.v1.Job', CronJob: 'batch.v1.CronJob' },
  'autoscaling/v1': {
    Scale: 'autoscaling.v1.Scale',
    HorizontalPodAutoscaler: 'autoscaling.v1.HorizontalPodAutoscaler',
  },
  'autoscaling/v2': { HorizontalPodAutoscaler: 'autoscaling.v2.HorizontalPodAutoscaler' },
  'rbac.authorization.k8s.io/v1': {
    Role: 'rbac.v1.Role',
    ClusterRole: 'rbac.v1.ClusterRole',
    RoleBinding: 'rbac.v1.RoleBinding',
    ClusterRoleBinding: 'rbac.v1.ClusterRoleBinding',
  },
  'authorization.k8s.io/v1': {
    SelfSubjectAccessReview: 'authorization.v1.SelfSubjectAccessReview',
    SelfSubjectRulesReview: 'authorization.v1.SelfSubjectRulesReview',
    SubjectAccessReview: 'authorization.v1.SubjectAccessReview',
    LocalSubjectAccessReview: 'authorization.v1.LocalSubjectAccessReview',
  },
  'authentication.k8s.io/v1': {
    SelfSubjectReview: 'authentication.v1.SelfSubjectReview',
    TokenReview: 'authentication.v1.TokenReview',
    TokenRequest: 'authentication.v1.TokenRequest',
  },
  'policy/v1': { PodDisruptionBudget: 'policy.v1.PodDisruptionBudget', Eviction: 'policy.v1.Eviction' },
  'networking.k8s.io/v1': { Ingress: 'networking.v1.Ingress' },
  'scheduling.k8s.io/v1': { PriorityClass: 'scheduling.v1.PriorityClass' },
  'certificates.k8s.io/v1': { CertificateSigningRequest: 'certificates.v1.CertificateSigningRequest' },
}

/**
 * Options kinds every group version registers (a typed client's DELETE body is a protobuf
 * DeleteOptions tagged with the resource's group version), plus their home meta.k8s.io/v1.
 */
const OPTIONS_KINDS: Readonly<Record<string, string>> = { DeleteOptions: 'meta.v1.DeleteOptions' }

/** The message for apiVersion/kind, or undefined when it cannot be decoded here. */
export function messageForKind(apiVersion: string, kind: string): string | undefined {
  const kinds = GROUP_VERSIONS[apiVersion]
  if (kinds && Object.hasOwn(kinds, kind)) return kinds[kind]
  if ((kinds || apiVersion === 'meta.k8s.io/v1') && Object.hasOwn(OPTIONS_KINDS, kind))
    return OPTIONS_KINDS[kind]
  return undefined
}

/** Which group/version/kinds can be decoded. */
export function canDecodeProtobuf(apiVersion: string, kind: string): boolean {
  return messageForKind(apiVersion, kind) !== undefined
}

/** Every message the table names (the generator's roots). */
export function allKindMessages(): string[] {
  const all = Object.values(GROUP_VERSIONS).flatMap((kinds) => Object.values(kinds))
  return [...new Set([...all, ...Object.values(OPTIONS_KINDS)])]
}
