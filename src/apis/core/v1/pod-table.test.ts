import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { podTable, summarizePod } from './pod-table.js'

const NOW = Date.parse('2024-05-01T10:00:00Z')

const running = { running: { startedAt: '2024-05-01T09:00:00Z' } }

function pod(spec: any, status: any, meta: any = {}): any {
  return { metadata: { name: 'p', creationTimestamp: '2024-05-01T09:55:00Z', ...meta }, spec, status }
}

const one = { containers: [{ name: 'a', image: 'x' }] }
const two = { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] }

interface Case {
  name: string
  pod: any
  ready: string
  status: string
  restarts?: string
}

const cases: Case[] = [
  {
    name: 'Running and ready',
    pod: pod(one, { phase: 'Running', containerStatuses: [{ name: 'a', ready: true, restartCount: 0, state: running }] }),
    ready: '1/1',
    status: 'Running',
    restarts: '0',
  },
  {
    name: 'Pending without statuses',
    pod: pod(one, { phase: 'Pending' }),
    ready: '0/1',
    status: 'Pending',
  },
  {
    name: 'Pending with ContainerCreating',
    pod: pod(one, { phase: 'Pending', containerStatuses: [{ name: 'a', ready: false, state: { waiting: { reason: 'ContainerCreating' } } }] }),
    ready: '0/1',
    status: 'ContainerCreating',
  },
  {
    name: 'Completed',
    pod: pod(one, {
      phase: 'Succeeded',
      containerStatuses: [{ name: 'a', ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
    }),
    ready: '0/1',
    status: 'Completed',
  },
  {
    name: 'CrashLoopBackOff with restarts ago',
    pod: pod(one, {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'a',
          ready: false,
          restartCount: 4,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { exitCode: 1, finishedAt: '2024-05-01T09:58:00Z' } },
        },
      ],
    }),
    ready: '0/1',
    status: 'CrashLoopBackOff',
    restarts: '4 (2m ago)',
  },
  {
    name: 'terminated without reason prints the exit code',
    pod: pod(one, { phase: 'Failed', containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 2 } } }] }),
    ready: '0/1',
    status: 'ExitCode:2',
  },
  {
    name: 'terminated by a signal',
    pod: pod(one, { phase: 'Failed', containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 137, signal: 9 } } }] }),
    ready: '0/1',
    status: 'Signal:9',
  },
  {
    name: 'first of one init containers still running',
    pod: pod(
      { ...one, initContainers: [{ name: 'init', image: 'i' }] },
      {
        phase: 'Pending',
        initContainerStatuses: [{ name: 'init', state: running }],
        containerStatuses: [{ name: 'a', state: { waiting: { reason: 'PodInitializing' } } }],
      },
    ),
    ready: '0/1',
    status: 'Init:0/1',
  },
  {
    name: 'init container crash looping',
    pod: pod(
      { ...one, initContainers: [{ name: 'init', image: 'i' }] },
      { phase: 'Pending', initContainerStatuses: [{ name: 'init', restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } } }] },
    ),
    ready: '0/1',
    status: 'Init:CrashLoopBackOff',
    restarts: '2',
  },
  {
    name: 'init container failed with exit code',
    pod: pod(
      { ...one, initContainers: [{ name: 'init', image: 'i' }] },
      { phase: 'Pending', initContainerStatuses: [{ name: 'init', state: { terminated: { exitCode: 3 } } }] },
    ),
    ready: '0/1',
    status: 'Init:ExitCode:3',
  },
  {
    name: 'restartable sidecar counts in ready and total',
    pod: pod(
      { ...one, initContainers: [{ name: 'side', image: 's', restartPolicy: 'Always' }] },
      {
        phase: 'Running',
        initContainerStatuses: [{ name: 'side', started: true, ready: true, state: running }],
        containerStatuses: [{ name: 'a', ready: true, state: running }],
      },
    ),
    ready: '2/2',
    status: 'Running',
  },
  {
    name: 'Terminating when deletion is pending',
    pod: pod(one, { phase: 'Running', containerStatuses: [{ name: 'a', ready: true, state: running }] }, { deletionTimestamp: '2024-05-01T10:00:00Z' }),
    ready: '1/1',
    status: 'Terminating',
  },
  {
    name: 'NodeLost with deletion pending is Unknown',
    pod: pod(one, { phase: 'Running', reason: 'NodeLost' }, { deletionTimestamp: '2024-05-01T10:00:00Z' }),
    ready: '0/1',
    status: 'Unknown',
  },
  {
    name: 'a Succeeded pod being deleted is not Terminating',
    pod: pod(one, { phase: 'Succeeded' }, { deletionTimestamp: '2024-05-01T10:00:00Z' }),
    ready: '0/1',
    status: 'Succeeded',
  },
  {
    name: 'status.reason replaces the phase',
    pod: pod(one, { phase: 'Failed', reason: 'Evicted' }),
    ready: '0/1',
    status: 'Evicted',
  },
  {
    name: 'scheduling gates',
    pod: pod(one, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }),
    ready: '0/1',
    status: 'SchedulingGated',
  },
  {
    name: 'Completed container beside a running one shows NotReady without the Ready condition',
    pod: pod(two, {
      phase: 'Running',
      containerStatuses: [
        { name: 'a', ready: true, state: running },
        { name: 'b', ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
      ],
    }),
    ready: '1/2',
    status: 'NotReady',
  },
  {
    name: 'Completed container beside a running one shows Running with the Ready condition',
    pod: pod(two, {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [
        { name: 'a', ready: true, state: running },
        { name: 'b', ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
      ],
    }),
    ready: '1/2',
    status: 'Running',
  },
]

void describe('summarizePod', () => {
  for (const c of cases) {
    void test(c.name, () => {
      const s = summarizePod(c.pod, NOW)
      assert.equal(s.ready, c.ready)
      assert.equal(s.status, c.status)
      if (c.restarts !== undefined) assert.equal(s.restarts, c.restarts)
    })
  }
})

void describe('podTable', () => {
  void test('columns as kube-apiserver 1.32 prints them', () => {
    assert.deepEqual(
      podTable.columns.map((c) => [c.name, c.type, c.priority]),
      [
        ['Name', 'string', 0],
        ['Ready', 'string', 0],
        ['Status', 'string', 0],
        ['Restarts', 'string', 0],
        ['Age', 'string', 0],
        ['IP', 'string', 1],
        ['Node', 'string', 1],
        ['Nominated Node', 'string', 1],
        ['Readiness Gates', 'string', 1],
      ],
    )
    assert.equal(podTable.columns[0].format, 'name')
  })

  void test('cells with wide columns', () => {
    const p = pod(
      { ...one, nodeName: 'n1', readinessGates: [{ conditionType: 'x/ready' }, { conditionType: 'y/ready' }] },
      {
        phase: 'Running',
        podIPs: [{ ip: '10.0.0.7' }],
        conditions: [{ type: 'x/ready', status: 'True' }],
        containerStatuses: [{ name: 'a', ready: true, state: running }],
      },
    )
    assert.deepEqual(podTable.cells(p, NOW), ['p', '1/1', 'Running', '0', '5m', '10.0.0.7', 'n1', '<none>', '1/2'])
  })

  void test('empty wide columns print <none>', () => {
    assert.deepEqual(podTable.cells(pod(one, { phase: 'Pending' }), NOW).slice(5), ['<none>', '<none>', '<none>', '<none>'])
  })

  void test('finished pods carry the Completed row condition', () => {
    assert.deepEqual(podTable.conditions!(pod(one, { phase: 'Succeeded' })), [
      { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
    ])
    assert.equal(podTable.conditions!(pod(one, { phase: 'Running' })), undefined)
  })
})
