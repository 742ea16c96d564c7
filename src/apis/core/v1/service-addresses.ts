/**
 * Cluster IPs and node ports of Services.
 *
 * There is no real allocator here: addresses are derived from a hash of the service's identity
 * (10.96.0.0/12 for cluster IPs, 30000–32767 for node ports), which is stable and looks like
 * upstream's output but does not guarantee uniqueness. Nothing in this server routes traffic
 * to these addresses; they only need to be plausible and stable.
 */
import { createHash } from 'node:crypto'
import { clone, deepEqual, isPlainObject } from '../../../apimachinery/meta.js'

export const NODE_PORT_MIN = 30000
export const NODE_PORT_MAX = 32767

const list = (v: unknown): any[] => (Array.isArray(v) ? v : [])

function hash32(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0)
}

const identity = (svc: any) => `${svc?.metadata?.namespace ?? ''}/${svc?.metadata?.name ?? ''}/${svc?.metadata?.uid ?? ''}`

/** A stable address in 10.96.0.0/12, avoiding the network's first ten addresses. */
export function pseudoClusterIP(svc: any): string {
  const offset = 10 + (hash32(identity(svc)) % ((1 << 20) - 12))
  const n = (10 << 24) + (96 << 16) + offset
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
}

/** A stable node port for the i-th port, different from the ports already in use. */
function pseudoNodePort(svc: any, i: number, used: Set<number>): number {
  const span = NODE_PORT_MAX - NODE_PORT_MIN + 1
  let candidate = NODE_PORT_MIN + (hash32(`${identity(svc)}/${i}`) % span)
  while (used.has(candidate)) candidate = candidate === NODE_PORT_MAX ? NODE_PORT_MIN : candidate + 1
  return candidate
}

export const needsClusterIP = (svc: any) => svc?.spec?.type !== 'ExternalName'

export const needsNodePorts = (svc: any) =>
  svc?.spec?.type === 'NodePort' ||
  (svc?.spec?.type === 'LoadBalancer' && svc?.spec?.allocateLoadBalancerNodePorts !== false)

export const isHeadless = (svc: any) => svc?.spec?.clusterIP === 'None'

/** clusterIP and clusterIPs describe the same thing: fill whichever is missing from the other. */
export function normalizeClusterIPs(spec: any): void {
  const ips = list(spec.clusterIPs)
  if (spec.clusterIP && ips.length === 0) spec.clusterIPs = [spec.clusterIP]
  else if (!spec.clusterIP && ips.length > 0) spec.clusterIP = ips[0]
}

/** Fills cluster IP, IP families and node ports the way upstream's allocators do on create. */
export function assignAddresses(svc: any): void {
  const spec = svc.spec
  if (!isPlainObject(spec)) return
  normalizeClusterIPs(spec)
  if (needsClusterIP(svc)) {
    if (!spec.clusterIP) {
      spec.clusterIP = pseudoClusterIP(svc)
      spec.clusterIPs = [spec.clusterIP]
    }
    const selectorless = Object.keys(spec.selector ?? {}).length === 0
    if (!spec.ipFamilyPolicy) spec.ipFamilyPolicy = isHeadless(svc) && selectorless ? 'RequireDualStack' : 'SingleStack'
    if (list(spec.ipFamilies).length === 0) spec.ipFamilies = ['IPv4']
  }
  if (needsNodePorts(svc)) {
    const used = new Set<number>(list(spec.ports).map((p) => p?.nodePort).filter((n) => typeof n === 'number' && n > 0))
    list(spec.ports).forEach((p, i) => {
      if (isPlainObject(p) && !p.nodePort) {
        p.nodePort = pseudoNodePort(svc, i, used)
        used.add(p.nodePort)
      }
    })
  }
}

const nodePortsOf = (svc: any) => list(svc?.spec?.ports).map((p) => p?.nodePort ?? 0)

/**
 * On update, values the client left out are taken from the stored service (kubectl apply and
 * PUT of an edited manifest omit them), and values that only made sense for the old type are
 * dropped when the type changes and the client did not touch them.
 */
export function carryAddresses(svc: any, old: any): void {
  const spec = svc.spec
  const oldSpec = old?.spec ?? {}
  if (!isPlainObject(spec)) return
  // Dropping fields the new type cannot have (dropTypeDependentFields).
  normalizeClusterIPs(spec)
  const same = (k: string) => deepEqual(spec[k] ?? null, oldSpec[k] ?? null)
  if (needsClusterIP(old) && !needsClusterIP(svc)) {
    if (same('clusterIPs')) {
      delete spec.clusterIP
      delete spec.clusterIPs
    }
    if (same('ipFamilies')) delete spec.ipFamilies
    if (same('ipFamilyPolicy')) delete spec.ipFamilyPolicy
  }
  if (needsNodePorts(old) && !needsNodePorts(svc) && deepEqual(nodePortsOf(svc), nodePortsOf(old))) {
    for (const p of list(spec.ports)) if (isPlainObject(p)) delete p.nodePort
  }
  if (oldSpec.type === 'LoadBalancer' && spec.type !== 'LoadBalancer' && same('allocateLoadBalancerNodePorts')) {
    delete spec.allocateLoadBalancerNodePorts
  }
  // Patching in allocated values the client omitted (patchAllocatedValues).
  if (needsClusterIP(old) && needsClusterIP(svc)) {
    if (!spec.clusterIP && list(spec.clusterIPs).length === 0) {
      if (oldSpec.clusterIP) spec.clusterIP = oldSpec.clusterIP
      if (oldSpec.clusterIPs) spec.clusterIPs = clone(oldSpec.clusterIPs)
    }
    if (!spec.ipFamilyPolicy && oldSpec.ipFamilyPolicy) spec.ipFamilyPolicy = oldSpec.ipFamilyPolicy
    if (list(spec.ipFamilies).length === 0 && oldSpec.ipFamilies) spec.ipFamilies = clone(oldSpec.ipFamilies)
  }
  if (needsNodePorts(old) && needsNodePorts(svc)) {
    const newPorts = new Set(nodePortsOf(svc).filter((n) => n > 0))
    const byName = new Map<string, number>(list(oldSpec.ports).map((p) => [p?.name ?? '', p?.nodePort ?? 0]))
    for (const p of list(spec.ports)) {
      if (!isPlainObject(p) || p.nodePort) continue
      const previous = byName.get(p.name ?? '') ?? 0
      if (previous > 0 && !newPorts.has(previous)) p.nodePort = previous
    }
  }
  // Whatever is still missing (e.g. after a type change) is assigned like on create.
  assignAddresses(svc)
}
