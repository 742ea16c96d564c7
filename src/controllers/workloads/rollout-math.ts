/**
 * The numbers of a Deployment rollout (upstream pkg/controller/deployment/util and rolling.go),
 * as pure functions over replica counts so they can be table-tested:
 *  - maxSurge rounds up and maxUnavailable rounds down when given as percentages; when both
 *    come out 0, one pod may be unavailable (otherwise nothing could ever move);
 *  - the new ReplicaSet grows while the total stays within replicas + maxSurge;
 *  - old ReplicaSets shrink, oldest first, while availability stays at or above
 *    replicas - maxUnavailable (unhealthy old pods are removed first).
 */

/** An int-or-percent value resolved against `total`. */
export function resolveIntOrPercent(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v
  if (typeof v === 'string') {
    const pct = /^(\d+)%$/.exec(v)
    if (pct) {
      const exact = (Number(pct[1]) * total) / 100
      return roundUp ? Math.ceil(exact) : Math.floor(exact)
    }
    if (/^\d+$/.test(v)) return Number(v)
  }
  return 0
}

export interface Fenceposts {
  surge: number
  unavailable: number
}

/** maxSurge and maxUnavailable of a RollingUpdate deployment with `replicas` desired. */
export function resolveFenceposts(rollingUpdate: any, replicas: number): Fenceposts {
  const surge = resolveIntOrPercent(rollingUpdate?.maxSurge ?? '25%', replicas, true)
  let unavailable = resolveIntOrPercent(rollingUpdate?.maxUnavailable ?? '25%', replicas, false)
  if (surge === 0 && unavailable === 0) unavailable = 1
  return { surge, unavailable }
}

/** How many pods may be unavailable: 0 for Recreate or no replicas, never more than replicas. */
export function maxUnavailable(deployment: any): number {
  const spec = deployment?.spec ?? {}
  const replicas: number = spec.replicas ?? 1
  if (spec.strategy?.type !== 'RollingUpdate' || replicas === 0) return 0
  return Math.min(resolveFenceposts(spec.strategy.rollingUpdate, replicas).unavailable, replicas)
}

/** The ReplicaSet counts the rollout looks at. */
export interface RsCounts {
  name: string
  /** spec.replicas */
  replicas: number
  /** status.availableReplicas */
  available: number
}

/** The new ReplicaSet's replicas for a rolling update, given the sum of every ReplicaSet's spec.replicas. */
export function rollingNewReplicas(
  desired: number,
  surge: number,
  current: number,
  totalSpec: number,
): number {
  if (current >= desired) return desired
  const maxTotal = desired + surge
  if (totalSpec >= maxTotal) return current
  return current + Math.min(maxTotal - totalSpec, desired - current)
}

/**
 * New spec.replicas for the old ReplicaSets (oldest first in `old`); only changed ones are
 * returned. `newRs` is the new ReplicaSet, or undefined when it does not exist yet.
 */
export function rollingOldReplicas(
  desired: number,
  unavailable: number,
  newRs: RsCounts | undefined,
  old: RsCounts[],
): Map<string, number> {
  const result = new Map<string, number>()
  const oldTotal = old.reduce((n, r) => n + r.replicas, 0)
  if (oldTotal === 0) return result
  const all = newRs ? [newRs, ...old] : old
  const allTotal = all.reduce((n, r) => n + r.replicas, 0)
  const minAvailable = desired - unavailable
  const newUnavailable = newRs ? Math.max(0, newRs.replicas - newRs.available) : 0
  const maxScaledDown = allTotal - minAvailable - newUnavailable
  if (maxScaledDown <= 0) return result

  const current = new Map(old.map((r) => [r.name, r.replicas]))
  // First the old pods that are not available: removing them costs no availability.
  let cleaned = 0
  for (const r of old) {
    if (cleaned >= maxScaledDown) break
    const unhealthy = Math.max(0, r.replicas - r.available)
    if (unhealthy === 0) continue
    const n = Math.min(maxScaledDown - cleaned, unhealthy)
    current.set(r.name, r.replicas - n)
    cleaned += n
  }
  // Then available old pods, as far as availability allows.
  const availableTotal = all.reduce((n, r) => n + r.available, 0)
  if (availableTotal > minAvailable) {
    const budget = availableTotal - minAvailable
    let scaled = 0
    for (const r of old) {
      if (scaled >= budget) break
      const cur = current.get(r.name)!
      if (cur === 0) continue
      const n = Math.min(cur, budget - scaled)
      current.set(r.name, cur - n)
      scaled += n
    }
  }
  for (const r of old) if (current.get(r.name) !== r.replicas) result.set(r.name, current.get(r.name)!)
  return result
}
