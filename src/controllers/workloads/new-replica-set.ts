/**
 * The ReplicaSet a Deployment makes for its current pod template: named
 * `<deployment>-<pod-template-hash>`, with the hash in its labels, selector and template, the
 * Deployment's annotations (minus kubectl's and the deployment.kubernetes.io bookkeeping ones)
 * plus its own revision and replica annotations, and the Deployment as controller owner.
 */
import { clone, deepEqual } from '../../apimachinery/meta.js'
import { controllerRef } from './owner-refs.js'
import { POD_TEMPLATE_HASH_LABEL, withoutHashLabel } from './pod-template-hash.js'

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision'
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas'
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas'

/** Deployment annotations that are not copied onto its ReplicaSets. */
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  'deployment.kubernetes.io/revision-history',
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  'deprecated.deployment.rollback.to',
])

export const revisionOf = (rs: any): number => Number(rs?.metadata?.annotations?.[REVISION_ANNOTATION]) || 0

/** Same pod template, ignoring the pod-template-hash label. */
export function sameTemplate(a: any, b: any): boolean {
  return deepEqual(withoutHashLabel(a) ?? null, withoutHashLabel(b) ?? null)
}

/** The new ReplicaSet for a Deployment, before it is created. */
export function newReplicaSet(
  d: any,
  hash: string,
  revision: number,
  replicas: number,
  maxSurge: number,
): any {
  const template = clone(d.spec.template)
  template.metadata = {
    ...template.metadata,
    labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: hash },
  }
  const selector = clone(d.spec.selector)
  selector.matchLabels = { ...selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash }
  const annotations: Record<string, string> = {}
  for (const [k, v] of Object.entries<string>(d.metadata.annotations ?? {}))
    if (!NOT_COPIED.has(k)) annotations[k] = v
  annotations[DESIRED_REPLICAS_ANNOTATION] = String(d.spec.replicas ?? 1)
  annotations[MAX_REPLICAS_ANNOTATION] = String((d.spec.replicas ?? 1) + maxSurge)
  annotations[REVISION_ANNOTATION] = String(revision)
  const spec: any = { replicas, selector, template }
  if (d.spec.minReadySeconds) spec.minReadySeconds = d.spec.minReadySeconds
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      labels: { ...template.metadata.labels },
      annotations,
      ownerReferences: [controllerRef(d, 'apps/v1', 'Deployment')],
    },
    spec,
  }
}
