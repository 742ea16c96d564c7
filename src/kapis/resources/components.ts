/**
 * Components and their health (kapis.md §5.1), computed from the objects in the store: a
 * component is a Service with a selector in kubesphere-system or kube-system; its backends are
 * the pods its selector matches, healthy when Running with every container ready.
 */
import { newNotFound } from '../../apimachinery/errors.js'
import { matches, selectorFromSet } from '../../apimachinery/labels/selector.js'
import type { ResourceRegistry } from '../../registry/registry.js'
import { listOf } from '../objects.js'

export const SYSTEM_NAMESPACES = ['kubesphere-system', 'kube-system'] as const

export interface ComponentStatus {
  name: string
  namespace: string
  selfLink: string
  label: Record<string, string>
  startedAt: string
  totalBackends: number
  healthyBackends: number
}

export interface HealthStatus {
  kubesphereStatus: ComponentStatus[]
  nodeStatus: { totalNodes: number; healthyNodes: number }
}

function podHealthy(pod: any): boolean {
  if (pod?.status?.phase !== 'Running') return false
  return (pod.status.containerStatuses ?? []).every((c: any) => c?.ready === true)
}

async function statusOf(registry: ResourceRegistry, svc: any): Promise<ComponentStatus> {
  const selector: Record<string, string> = svc.spec.selector
  const sel = selectorFromSet(selector)
  const pods = (await listOf(registry, '', 'pods', svc.metadata.namespace)).filter((p) =>
    matches(sel, p.obj?.metadata?.labels),
  )
  return {
    name: svc.metadata.name,
    namespace: svc.metadata.namespace,
    selfLink: '',
    label: selector,
    startedAt: svc.metadata.creationTimestamp ?? '',
    totalBackends: pods.length,
    healthyBackends: pods.filter((p) => podHealthy(p.obj)).length,
  }
}

const hasSelector = (svc: any) => svc?.spec?.selector && Object.keys(svc.spec.selector).length > 0

export async function listComponents(registry: ResourceRegistry): Promise<ComponentStatus[]> {
  const out: ComponentStatus[] = []
  for (const ns of SYSTEM_NAMESPACES) {
    for (const c of await listOf(registry, '', 'services', ns)) {
      if (hasSelector(c.obj)) out.push(await statusOf(registry, c.obj))
    }
  }
  return out
}

/** The component (Service) of that name in a system namespace; 404 when none or it has no selector. */
export async function getComponent(registry: ResourceRegistry, name: string): Promise<ComponentStatus> {
  const services = registry.storeFor('', 'services')
  for (const ns of SYSTEM_NAMESPACES) {
    const svc = services?.getCached(ns, name)?.obj
    if (svc && hasSelector(svc)) return statusOf(registry, svc)
  }
  throw newNotFound({ group: '', resource: 'components' }, name)
}

function nodeReady(node: any): boolean {
  return (node?.status?.conditions ?? []).some((c: any) => c?.type === 'Ready' && c.status === 'True')
}

export async function componentHealth(registry: ResourceRegistry): Promise<HealthStatus> {
  const nodes = await listOf(registry, '', 'nodes')
  return {
    kubesphereStatus: await listComponents(registry),
    nodeStatus: { totalNodes: nodes.length, healthyNodes: nodes.filter((n) => nodeReady(n.obj)).length },
  }
}
