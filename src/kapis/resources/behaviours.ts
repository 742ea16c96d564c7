/**
 * Resource-specific filters, sort keys and output transforms of v1alpha3 lists (kapis.md §5.3).
 * Filters that need other objects (a pod's Service, a Deployment's ReplicaSets) read them from
 * the registry's cache. Keys a resource does not define fall back to the generic filters.
 */
import { matches, selectorFromSet } from '../../apimachinery/labels/selector.js'
import type { ResourceRegistry } from '../../registry/registry.js'
import { fieldSelectorMatch } from '../filters.js'
import type { ResourceBehaviour } from '../list.js'
import { podStatusBucket } from './pod-status.js'

const NODE_EXPECTED: Record<string, string> = {
  MemoryPressure: 'False',
  DiskPressure: 'False',
  PIDPressure: 'False',
  NetworkUnavailable: 'False',
  ConfigOK: 'True',
  KubeletReady: 'True',
  Ready: 'True',
}

/** `unschedulable`, `warning` (a condition off its expected status) or `running`. */
export function nodeStatus(node: any): string {
  if (node?.spec?.unschedulable) return 'unschedulable'
  for (const c of node?.status?.conditions ?? []) {
    const expected = NODE_EXPECTED[c?.type]
    if (expected !== undefined && c.status !== expected) return 'warning'
  }
  return 'running'
}

function replicaStatus(ready: number, desired: number): string {
  if (ready === 0 && desired === 0) return 'stopped'
  return ready === desired ? 'running' : 'updating'
}

export function deploymentStatus(d: any): string {
  return replicaStatus(d?.status?.readyReplicas ?? 0, d?.status?.replicas ?? 0)
}

export function statefulSetStatus(s: any): string {
  const replicas = s?.spec?.replicas
  if (typeof replicas !== 'number') return 'stopped'
  return replicaStatus(s?.status?.readyReplicas ?? 0, replicas)
}

export function daemonSetStatus(d: any): string {
  return replicaStatus(d?.status?.numberReady ?? 0, d?.status?.desiredNumberScheduled ?? 0)
}

export function jobStatus(j: any): string {
  for (const c of j?.status?.conditions ?? []) {
    if (c?.status !== 'True') continue
    if (c.type === 'Complete') return 'completed'
    if (c.type === 'Failed') return 'failed'
  }
  return 'running'
}

/** The latest of the creation time and the given time field of every condition. */
function latestOf(obj: any, field: string): string {
  let latest: string = obj?.metadata?.creationTimestamp ?? ''
  for (const c of obj?.status?.conditions ?? []) {
    const t = c?.[field]
    if (typeof t === 'string' && t > latest) latest = t
  }
  return latest
}

const eq = (a: unknown, b: string) => (a ?? '') === b

function phaseMatchesAll(phase: unknown, value: string): boolean {
  const p = typeof phase === 'string' ? phase.toLowerCase() : ''
  return value.split('|').every((v) => v.toLowerCase() === p)
}

function podBehaviour(registry: ResourceRegistry): ResourceBehaviour {
  const replicaSetOwnedBy = (pod: any, uid: string): boolean =>
    (pod.metadata?.ownerReferences ?? []).some((o: any) => {
      if (o?.kind !== 'ReplicaSet') return false
      const rs = registry.get('apps', 'replicasets', pod.metadata.namespace ?? '', o.name)
      return (rs?.metadata?.ownerReferences ?? []).some((x: any) => x?.uid === uid)
    })
  return {
    filter(pod, key, value) {
      switch (key) {
        case 'nodeName':
          return eq(pod.spec?.nodeName, value)
        case 'pvcName':
          return (pod.spec?.volumes ?? []).some((v: any) => v?.persistentVolumeClaim?.claimName === value)
        case 'serviceName': {
          const svc = registry.get('', 'services', pod.metadata?.namespace ?? '', value)
          const selector = svc?.spec?.selector
          if (!selector || Object.keys(selector).length === 0) return false
          return matches(selectorFromSet(selector), pod.metadata?.labels)
        }
        case 'phase':
          return eq(pod.status?.phase, value)
        case 'podIP':
          return (pod.status?.podIPs ?? []).some(
            (p: any) => typeof p?.ip === 'string' && p.ip.includes(value),
          )
        case 'ownerReference':
          return (
            (pod.metadata?.ownerReferences ?? []).some((o: any) => o?.uid === value) ||
            replicaSetOwnedBy(pod, value)
          )
        case 'status':
          return podStatusBucket(pod) === value
        default:
          return undefined
      }
    },
  }
}

export const ROLE_AGGREGATION = 'iam.kubesphere.io/aggregation-roles'

/** The names in a role's aggregation annotation (a JSON array); [] when absent or malformed. */
export function aggregationRoleNames(role: any): string[] {
  const text = role?.metadata?.annotations?.[ROLE_AGGREGATION]
  if (typeof text !== 'string') return []
  try {
    const names = JSON.parse(text)
    return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : []
  } catch {
    return []
  }
}

const statusOnly =
  (status: (obj: any) => string): ResourceBehaviour['filter'] =>
  (obj, key, value) =>
    key === 'status' ? status(obj) === value : undefined

/** The behaviour of `{resources}`; undefined for resources that use only the generic filters. */
export function behaviourFor(resource: string, registry: ResourceRegistry): ResourceBehaviour | undefined {
  switch (resource) {
    case 'nodes':
      return { filter: statusOnly(nodeStatus) }
    case 'namespaces':
      return { filter: (ns, key, value) => (key === 'status' ? eq(ns.status?.phase, value) : undefined) }
    case 'pods':
      return podBehaviour(registry)
    case 'deployments': {
      const updated = (d: any) => latestOf(d, 'lastUpdateTime')
      return {
        filter: statusOnly(deploymentStatus),
        sortKeys: { updateTime: updated, lastUpdateTimestamp: updated },
      }
    }
    case 'statefulsets':
      return { filter: statusOnly(statefulSetStatus) }
    case 'daemonsets':
      return { filter: statusOnly(daemonSetStatus) }
    case 'jobs': {
      const updated = (j: any) => latestOf(j, 'lastTransitionTime')
      return {
        filter: statusOnly(jobStatus),
        sortKeys: { updateTime: updated, lastUpdateTimestamp: updated, status: jobStatus },
      }
    }
    case 'cronjobs':
      return { filter: statusOnly((c) => (c.spec?.suspend ? 'paused' : 'running')) }
    case 'persistentvolumeclaims':
    case 'persistentvolumes':
      return {
        filter(obj, key, value) {
          if (key === 'status') return phaseMatchesAll(obj.status?.phase, value)
          if (key === 'storageClassName') return eq(obj.spec?.storageClassName, value)
          return undefined
        },
      }
    case 'secrets':
      return {
        filter: (s, key, value) => (key === 'fieldSelector' ? fieldSelectorMatch(s, value, true) : undefined),
      }
    case 'horizontalpodautoscalers':
      return {
        filter(h, key, value) {
          if (key === 'targetKind') return eq(h.spec?.scaleTargetRef?.kind, value)
          if (key === 'targetName') return eq(h.spec?.scaleTargetRef?.name, value)
          return undefined
        },
      }
    case 'customresourcedefinitions':
      return {
        filter: (crd, key, value) =>
          key === 'name'
            ? (crd.metadata?.name ?? '').includes(value) || (crd.spec?.names?.kind ?? '').includes(value)
            : undefined,
      }
    case 'workspaceroles':
      return {
        filter: (r, key, value) =>
          key === 'workspace' ? eq(r.metadata?.labels?.['kubesphere.io/workspace'], value) : undefined,
      }
    case 'workspacerolebindings':
      return { filter: (b, key, value) => (key === 'rolename' ? eq(b.roleRef?.name, value) : undefined) }
    case 'groupbindings':
      return { filter: (b, key, value) => (key === 'user' ? (b.users ?? []).includes(value) : undefined) }
    case 'loginrecords':
      return { filter: (r, key, value) => (key === 'type' ? eq(r.spec?.type, value) : undefined) }
    case 'users':
      return {
        filter(u, key, value) {
          if (key === 'email') return eq(u.spec?.email, value)
          if (key === 'ingroup') return (u.spec?.groups ?? []).includes(value)
          if (key === 'notingroup') return !(u.spec?.groups ?? []).includes(value)
          return undefined
        },
        transform: withoutPassword,
      }
    case 'labels':
      return {
        filter: (l, key, value) =>
          key === 'name'
            ? (l.spec?.key ?? '').includes(value) || (l.spec?.value ?? '').includes(value)
            : false,
      }
    case 'clusters':
      return { transform: withoutKubeconfig }
    default:
      return undefined
  }
}

/** A User without `spec.password` (never returned by /kapis). */
export function withoutPassword(user: any): any {
  if (user?.spec?.password === undefined) return user
  const { password: _p, ...spec } = user.spec
  return { ...user, spec }
}

/** A Cluster without `spec.connection.kubeconfig` (never returned by /kapis). */
export function withoutKubeconfig(cluster: any): any {
  const connection = cluster?.spec?.connection
  if (connection?.kubeconfig === undefined) return cluster
  const { kubeconfig: _k, ...rest } = connection
  return { ...cluster, spec: { ...cluster.spec, connection: rest } }
}
