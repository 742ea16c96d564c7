import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { summarizePod } from '../../apis/core/v1/pod-table.js'
import { isPodReady, isUnstartedPod, podAvailability, runningPodStatus } from './running-pod-status.js'

const AT = '2026-01-01T00:00:00Z'

describe('running pod status', () => {
  const unstarted: [string, any, boolean][] = [
    ['fresh pod', { metadata: {}, spec: {}, status: { phase: 'Pending', qosClass: 'BestEffort' } }, true],
    ['no status at all', { metadata: {}, spec: {} }, true],
    ['being deleted', { metadata: { deletionTimestamp: AT }, spec: {}, status: { phase: 'Pending' } }, false],
    [
      'scheduling gated',
      { metadata: {}, spec: { schedulingGates: [{ name: 'g' }] }, status: { phase: 'Pending' } },
      false,
    ],
    [
      'status written by someone',
      {
        metadata: {},
        spec: {},
        status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] },
      },
      false,
    ],
    ['already running', { metadata: {}, spec: {}, status: { phase: 'Running' } }, false],
  ]
  for (const [name, pod, want] of unstarted)
    test(`isUnstartedPod: ${name}`, () => assert.equal(isUnstartedPod(pod), want))

  test('a started pod reads 1/1 Running and is ready; init containers completed', () => {
    const pod: any = {
      metadata: {},
      spec: {
        initContainers: [{ name: 'init', image: 'busybox' }],
        containers: [{ name: 'c', image: 'nginx' }],
      },
      status: { phase: 'Pending', qosClass: 'BestEffort' },
    }
    pod.status = runningPodStatus(pod, AT)
    assert.equal(pod.status.qosClass, 'BestEffort')
    assert.equal(pod.status.startTime, AT)
    assert.deepEqual(pod.status.initContainerStatuses[0].state, {
      terminated: { exitCode: 0, reason: 'Completed', startedAt: AT, finishedAt: AT },
    })
    assert.deepEqual(pod.status.containerStatuses[0].state, { running: { startedAt: AT } })
    const row = summarizePod(pod, Date.parse(AT) + 5000)
    assert.deepEqual([row.ready, row.status, row.restarts], ['1/1', 'Running', '0'])
    assert.ok(isPodReady(pod))
  })

  test('availability waits for minReadySeconds', () => {
    const pod: any = { metadata: {}, spec: { containers: [{ name: 'c' }] } }
    pod.status = runningPodStatus(pod, AT)
    const t = Date.parse(AT)
    assert.deepEqual(podAvailability(pod, 0, t), { available: true, waitMs: 0 })
    assert.deepEqual(podAvailability(pod, 10, t + 4000), { available: false, waitMs: 6000 })
    assert.deepEqual(podAvailability(pod, 10, t + 10_000), { available: true, waitMs: 0 })
    assert.deepEqual(podAvailability({ status: { phase: 'Pending' } }, 0, t), { available: false, waitMs: 0 })
  })
})
