/**
 * The Pod QoS class written to status.qosClass on create (upstream pkg/apis/core/helper/qos).
 * Only cpu and memory count. Expects requests already defaulted from limits.
 */
import { parseQuantityNanos } from './quantity.js'

const QOS_RESOURCES = ['cpu', 'memory'] as const

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort'

export function podQosClass(spec: any): QosClass {
  const requests = new Map<string, bigint>()
  const limits = new Map<string, bigint>()
  let guaranteed = true
  const containers = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]
  for (const c of containers) {
    for (const [name, q] of Object.entries(c?.resources?.requests ?? {})) {
      if (!(QOS_RESOURCES as readonly string[]).includes(name)) continue
      const v = parseQuantityNanos(q) ?? 0n
      if (v > 0n) requests.set(name, (requests.get(name) ?? 0n) + v)
    }
    const limitsFound = new Set<string>()
    for (const [name, q] of Object.entries(c?.resources?.limits ?? {})) {
      if (!(QOS_RESOURCES as readonly string[]).includes(name)) continue
      const v = parseQuantityNanos(q) ?? 0n
      if (v > 0n) {
        limitsFound.add(name)
        limits.set(name, (limits.get(name) ?? 0n) + v)
      }
    }
    if (!QOS_RESOURCES.every((r) => limitsFound.has(r))) guaranteed = false
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort'
  if (guaranteed) {
    for (const [name, req] of requests) {
      if (limits.get(name) !== req) {
        guaranteed = false
        break
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable'
}
