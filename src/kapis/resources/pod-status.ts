/**
 * The `status` of a pod as the v1alpha3 pod filter sees it (kapis.md §5.3): kubectl's STATUS
 * column, bucketed into Running, Waiting, Error or Completed.
 */

export type PodStatusBucket = 'Running' | 'Waiting' | 'Error' | 'Completed'

/** The STATUS text kubectl would print (before bucketing). */
export function podReason(pod: any): string {
  const status = pod?.status ?? {}
  let reason: string = status.reason || status.phase || ''
  let initializing = false
  const inits: any[] = status.initContainerStatuses ?? []
  const initCount = (pod?.spec?.initContainers ?? []).length || inits.length
  for (let i = 0; i < inits.length; i++) {
    const state = inits[i]?.state ?? {}
    if (state.terminated && state.terminated.exitCode === 0) continue
    if (state.terminated) {
      const t = state.terminated
      if (t.reason) reason = `Init:${t.reason}`
      else if (t.signal) reason = `Init:Signal:${t.signal}`
      else reason = `Init:ExitCode:${t.exitCode ?? 0}`
    } else if (state.waiting?.reason && state.waiting.reason !== 'PodInitializing') {
      reason = `Init:${state.waiting.reason}`
    } else {
      reason = `Init:${i}/${initCount}`
    }
    initializing = true
    break
  }
  if (!initializing) {
    let hasRunning = false
    const containers: any[] = status.containerStatuses ?? []
    for (let i = containers.length - 1; i >= 0; i--) {
      const c = containers[i] ?? {}
      const state = c.state ?? {}
      if (state.waiting?.reason) reason = state.waiting.reason
      else if (state.terminated?.reason) reason = state.terminated.reason
      else if (state.terminated) {
        reason = state.terminated.signal
          ? `Signal:${state.terminated.signal}`
          : `ExitCode:${state.terminated.exitCode ?? 0}`
      } else if (state.running && c.ready) hasRunning = true
    }
    if (reason === 'Completed' && hasRunning) {
      const ready = (status.conditions ?? []).some((c: any) => c?.type === 'Ready' && c.status === 'True')
      reason = ready ? 'Running' : 'NotReady'
    }
  }
  if (pod?.metadata?.deletionTimestamp) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating'
  return reason
}

export function podStatusBucket(pod: any): PodStatusBucket {
  const reason = podReason(pod)
  switch (reason) {
    case 'Running':
      return 'Running'
    case 'Failed':
    case 'Error':
      return 'Error'
    case 'Completed':
      return 'Completed'
    case 'Succeeded': {
      const ready = (pod?.status?.conditions ?? []).filter((c: any) => c?.type === 'Ready')
      return ready.every((c: any) => c.reason === 'PodCompleted') ? 'Completed' : 'Waiting'
    }
    default:
      return reason.startsWith('OutOf') ? 'Error' : 'Waiting'
  }
}
