/**
 * The Pod rows of `kubectl get pods` (upstream printPod): Ready, Status, Restarts and the wide
 * columns. The Status cell follows kubectl's algorithm exactly — phase or reason, init
 * container progress, the last app container's waiting/terminated reason, Terminating.
 */
import { translateTimestampSince } from '../../../apimachinery/duration.js'
import type { TableConvertor } from '../../../registry/strategy.js'
import { AGE_COLUMN, NAME_COLUMN, age, column } from './table-helpers.js'

const list = (v: unknown): any[] => (Array.isArray(v) ? v : [])

const isRestartableInit = (c: any) => c?.restartPolicy === 'Always'

const conditionTrue = (pod: any, type: string) =>
  list(pod?.status?.conditions).find((c) => c?.type === type)?.status === 'True'

const hasReadyCondition = (pod: any) => list(pod?.status?.conditions).some((c) => c?.type === 'Ready' && c?.status === 'True')

/** Milliseconds of an RFC 3339 time, 0 when absent (Go's zero time sorts first). */
const ms = (t: unknown) => (typeof t === 'string' ? Date.parse(t) || 0 : 0)

export interface PodSummary {
  ready: string
  status: string
  restarts: string
}

/** Ready `n/m`, Status and Restarts cells of one pod at `now`. */
export function summarizePod(pod: any, now: number): PodSummary {
  const spec = pod?.spec ?? {}
  const status = pod?.status ?? {}
  const initSpecs = new Map<string, any>(list(spec.initContainers).map((c) => [c?.name, c]))
  let restarts = 0
  let restartableRestarts = 0
  const total = list(spec.containers).length + list(spec.initContainers).filter(isRestartableInit).length
  let ready = 0
  let lastRestart = 0
  let lastRestartableRestart = 0

  const phase: string = status.phase ?? ''
  let reason: string = status.reason || phase
  for (const c of list(status.conditions)) {
    if (c?.type === 'PodScheduled' && c?.reason === 'SchedulingGated') reason = 'SchedulingGated'
  }

  let initializing = false
  const initStatuses = list(status.initContainerStatuses)
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]
    const restartable = isRestartableInit(initSpecs.get(c?.name))
    restarts += c?.restartCount ?? 0
    const finished = ms(c?.lastState?.terminated?.finishedAt)
    if (c?.lastState?.terminated) lastRestart = Math.max(lastRestart, finished)
    if (restartable) {
      restartableRestarts += c?.restartCount ?? 0
      if (c?.lastState?.terminated) lastRestartableRestart = Math.max(lastRestartableRestart, finished)
    }
    const terminated = c?.state?.terminated
    const waiting = c?.state?.waiting
    if (terminated && (terminated.exitCode ?? 0) === 0) continue
    if (restartable && c?.started === true) {
      if (c?.ready) ready++
      continue
    }
    if (terminated) {
      if (!terminated.reason) {
        reason = terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode ?? 0}`
      } else reason = `Init:${terminated.reason}`
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`
    } else {
      reason = `Init:${i}/${list(spec.initContainers).length}`
    }
    initializing = true
    break
  }

  if (!initializing || conditionTrue(pod, 'Initialized')) {
    restarts = restartableRestarts
    lastRestart = lastRestartableRestart
    let hasRunning = false
    const statuses = list(status.containerStatuses)
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]
      restarts += c?.restartCount ?? 0
      if (c?.lastState?.terminated) lastRestart = Math.max(lastRestart, ms(c.lastState.terminated.finishedAt))
      const waiting = c?.state?.waiting
      const terminated = c?.state?.terminated
      if (waiting?.reason) reason = waiting.reason
      else if (terminated?.reason) reason = terminated.reason
      else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`
      else if (c?.ready && c?.state?.running) {
        hasRunning = true
        ready++
      }
    }
    // A pod whose containers completed but one still runs is shown by its readiness.
    if (reason === 'Completed' && hasRunning) reason = hasReadyCondition(pod) ? 'Running' : 'NotReady'
  }

  if (pod?.metadata?.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown'
  else if (pod?.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating'

  let restartsText = String(restarts)
  if (restarts !== 0 && lastRestart !== 0) {
    restartsText = `${restarts} (${translateTimestampSince(new Date(lastRestart).toISOString(), now)} ago)`
  }
  return { ready: `${ready}/${total}`, status: reason, restarts: restartsText }
}

function readinessGates(pod: any): string {
  const gates = list(pod?.spec?.readinessGates)
  if (gates.length === 0) return '<none>'
  const conditions = list(pod?.status?.conditions)
  const trueCount = gates.filter((g) => conditions.find((c) => c?.type === g?.conditionType)?.status === 'True').length
  return `${trueCount}/${gates.length}`
}

const SUCCEEDED = [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]
const FAILED = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }]

export const podTable: TableConvertor = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    AGE_COLUMN,
    column('IP', 'string', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', true),
    column('Node', 'string', 'NodeName indicates in which node this pod is scheduled.', true),
    column('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node.', true),
    column('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', true),
  ],
  cells(pod, now) {
    const s = summarizePod(pod, now)
    const ip: string = list(pod?.status?.podIPs)[0]?.ip || '<none>'
    return [
      pod?.metadata?.name ?? '',
      s.ready,
      s.status,
      s.restarts,
      age(pod, now),
      ip,
      pod?.spec?.nodeName || '<none>',
      pod?.status?.nominatedNodeName || '<none>',
      readinessGates(pod),
    ]
  },
  conditions(pod) {
    const phase = pod?.status?.phase
    if (phase === 'Succeeded') return SUCCEEDED
    if (phase === 'Failed') return FAILED
    return undefined
  },
}
