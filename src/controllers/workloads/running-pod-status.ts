/**
 * What a pod's status looks like once "started". The embedded server has no scheduler and no
 * kubelet: pods are API objects only. So that workloads can finish rolling out (and tables
 * read `1/1 Running`), a pod whose status nobody has touched yet is reported as running and
 * ready at once: init containers completed, every app container (and restartable init
 * container) running and ready. No node, host IP or pod IP is invented.
 */

const list = (v: unknown): any[] => (Array.isArray(v) ? v : [])

/** True for a pod that still has the status the API gave it on create and is not being deleted. */
export function isUnstartedPod(pod: any): boolean {
  if (pod?.metadata?.deletionTimestamp) return false
  if (list(pod?.spec?.schedulingGates).length > 0) return false
  const status = pod?.status ?? {}
  return (
    (status.phase === undefined || status.phase === 'Pending') &&
    !status.reason &&
    list(status.conditions).length === 0 &&
    list(status.containerStatuses).length === 0 &&
    list(status.initContainerStatuses).length === 0
  )
}

function condition(type: string, at: string) {
  return { type, status: 'True', lastProbeTime: null, lastTransitionTime: at }
}

function runningContainer(c: any, at: string) {
  return {
    name: c?.name ?? '',
    image: c?.image ?? '',
    imageID: '',
    ready: true,
    started: true,
    restartCount: 0,
    state: { running: { startedAt: at } },
    lastState: {},
  }
}

function completedInitContainer(c: any, at: string) {
  return {
    name: c?.name ?? '',
    image: c?.image ?? '',
    imageID: '',
    ready: true,
    started: false,
    restartCount: 0,
    state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: at, finishedAt: at } },
    lastState: {},
  }
}

/** The status of `pod` as running and ready since `at` (RFC 3339); keeps fields such as qosClass. */
export function runningPodStatus(pod: any, at: string): any {
  const spec = pod?.spec ?? {}
  const status: any = {
    ...(pod?.status ?? {}),
    phase: 'Running',
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(
      (t) => condition(t, at),
    ),
    startTime: at,
    containerStatuses: list(spec.containers).map((c) => runningContainer(c, at)),
  }
  const inits = list(spec.initContainers)
  if (inits.length > 0) {
    status.initContainerStatuses = inits.map((c) =>
      c?.restartPolicy === 'Always' ? runningContainer(c, at) : completedInitContainer(c, at),
    )
  }
  return status
}

/** Whether the pod's Ready condition is True. */
export function isPodReady(pod: any): boolean {
  return list(pod?.status?.conditions).some((c) => c?.type === 'Ready' && c?.status === 'True')
}

/**
 * Whether the pod has been ready for at least `minReadySeconds` at `now` (ms). Returns the
 * milliseconds still to wait when it is ready but not yet long enough.
 */
export function podAvailability(
  pod: any,
  minReadySeconds: number,
  now: number,
): { available: boolean; waitMs: number } {
  if (!isPodReady(pod)) return { available: false, waitMs: 0 }
  if (!minReadySeconds) return { available: true, waitMs: 0 }
  const ready = list(pod.status.conditions).find((c) => c?.type === 'Ready')
  const since = Date.parse(ready?.lastTransitionTime ?? '') || 0
  const waitMs = since + minReadySeconds * 1000 - now
  return waitMs <= 0 ? { available: true, waitMs: 0 } : { available: false, waitMs }
}
