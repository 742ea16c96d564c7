/**
 * The reconciler's "pod check" (serviceaccount.md §3.4), as the spec recommends it: a workload
 * is restarted only when one of its pods that asks for the ServiceAccount lacks the injected
 * volume or projects another secret than `secrets[0]` (e.g. the ServiceAccount was deleted and
 * re-created). Bare pods and Jobs are never touched.
 */
import { POD_SA_ANNOTATION, SA_VOLUME_NAME } from '../../apis/kubesphere/serviceaccount.js'

export interface WorkloadRef {
  group: 'apps'
  resource: 'deployments' | 'statefulsets' | 'daemonsets'
  namespace: string
  name: string
}

/** The first projected secret of the pod's kubesphere-service-account volume, if any. */
export function injectedSecretName(pod: any): string | undefined {
  const volume = (pod?.spec?.volumes ?? []).find((v: any) => v?.name === SA_VOLUME_NAME)
  const source = (volume?.projected?.sources ?? []).find((s: any) => s?.secret)
  return source?.secret?.name
}

/** Whether a pod asking for ServiceAccount `saName` does not mount `secretName`. */
export function isStale(pod: any, saName: string, secretName: string): boolean {
  if (pod?.metadata?.annotations?.[POD_SA_ANNOTATION] !== saName) return false
  return injectedSecretName(pod) !== secretName
}

/**
 * The workload that owns a pod, following its first owner reference (and a ReplicaSet's first
 * owner to its Deployment); `lookup` reads a ReplicaSet. Undefined for bare pods, ReplicaSets
 * without a Deployment, Jobs and anything else.
 */
export function owningWorkload(
  pod: any,
  lookupReplicaSet: (namespace: string, name: string) => any,
): WorkloadRef | undefined {
  const namespace: string = pod.metadata.namespace
  const ref = pod.metadata.ownerReferences?.[0]
  if (!ref) return undefined
  switch (ref.kind) {
    case 'ReplicaSet': {
      const owner = lookupReplicaSet(namespace, ref.name)?.metadata?.ownerReferences?.[0]
      return owner?.kind === 'Deployment'
        ? { group: 'apps', resource: 'deployments', namespace, name: owner.name }
        : undefined
    }
    case 'StatefulSet':
      return { group: 'apps', resource: 'statefulsets', namespace, name: ref.name }
    case 'DaemonSet':
      return { group: 'apps', resource: 'daemonsets', namespace, name: ref.name }
    default:
      return undefined
  }
}

/** The distinct workloads to restart for ServiceAccount `saName` whose first secret is `secretName`. */
export function workloadsToRestart(
  pods: any[],
  saName: string,
  secretName: string,
  lookupReplicaSet: (namespace: string, name: string) => any,
): WorkloadRef[] {
  const seen = new Map<string, WorkloadRef>()
  for (const pod of pods) {
    if (!isStale(pod, saName, secretName)) continue
    const w = owningWorkload(pod, lookupReplicaSet)
    if (w) seen.set(`${w.resource}/${w.name}`, w)
  }
  return [...seen.values()]
}
