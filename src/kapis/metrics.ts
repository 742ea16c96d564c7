/**
 * MetricResults (kapis.md §3.1): object counts in the shape of a Prometheus vector query, as the
 * resources and tenant `/metrics` routes answer them.
 */
import type { ResourceRegistry } from '../registry/registry.js'
import { countOf } from './objects.js'

export interface MetricResult {
  metric_name: string
  data: { resultType: 'vector'; result: { value: [number, number] }[] }
}

export interface MetricResults {
  results: MetricResult[]
}

export function metricResults(
  prefix: string,
  counts: readonly (readonly [string, number])[],
  now = Date.now(),
): MetricResults {
  const seconds = Math.floor(now / 1000)
  return {
    results: counts.map(([name, count]) => ({
      metric_name: `${prefix}_${name}`,
      data: { resultType: 'vector', result: [{ value: [seconds, count] }] },
    })),
  }
}

/** Kubernetes RBAC kinds are counted from rbac.authorization.k8s.io when served, else from their iam mirrors. */
function rbacCount(registry: ResourceRegistry, resource: string, namespace = ''): number {
  const group = registry.storeFor('rbac.authorization.k8s.io', resource)
    ? 'rbac.authorization.k8s.io'
    : 'iam.kubesphere.io'
  return countOf(registry, group, resource, namespace)
}

const WORKLOADS: readonly (readonly [string, string, string])[] = [
  ['pod', '', 'pods'],
  ['deployment', 'apps', 'deployments'],
  ['statefulset', 'apps', 'statefulsets'],
  ['daemonset', 'apps', 'daemonsets'],
  ['job', 'batch', 'jobs'],
  ['cronjob', 'batch', 'cronjobs'],
  ['persistentvolumeclaim', '', 'persistentvolumeclaims'],
  ['service', '', 'services'],
  ['ingress', 'networking.k8s.io', 'ingresses'],
]

export function clusterMetrics(registry: ResourceRegistry): MetricResults {
  return metricResults('cluster', [
    ['namespace_count', countOf(registry, '', 'namespaces')],
    ...WORKLOADS.map(([name, g, r]) => [`${name}_count`, countOf(registry, g, r)] as const),
    ['clusterrolebinding_count', rbacCount(registry, 'clusterrolebindings')],
    ['clusterrole_count', rbacCount(registry, 'clusterroles')],
  ])
}

export function namespaceMetrics(registry: ResourceRegistry, namespace: string): MetricResults {
  return metricResults('namespace', [
    ...WORKLOADS.map(([name, g, r]) => [`${name}_count`, countOf(registry, g, r, namespace)] as const),
    ['role_count', rbacCount(registry, 'roles', namespace)],
    ['rolebinding_count', rbacCount(registry, 'rolebindings', namespace)],
  ])
}
