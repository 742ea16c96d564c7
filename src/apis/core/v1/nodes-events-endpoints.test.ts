import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { fieldErrorString } from '../../../apimachinery/errors.js'
import { nodeRoles, nodeStatus, nodeStrategy } from './nodes.js'
import { eventStrategy } from './events.js'
import { endpointsStrategy, formatEndpoints } from './endpoints.js'
import { serviceAccountStrategy } from './serviceaccounts.js'

const NOW = Date.parse('2024-05-01T10:00:00Z')

void describe('nodes', () => {
  const status: [string, any, string][] = [
    ['ready', { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, 'Ready'],
    ['not ready', { status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } }, 'NotReady'],
    ['no condition', {}, 'Unknown'],
    ['cordoned', { spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }, 'Ready,SchedulingDisabled'],
  ]
  for (const [name, node, want] of status) void test(`status: ${name}`, () => assert.equal(nodeStatus(node), want))

  void test('roles from both label forms, sorted and unique', () => {
    const node = {
      metadata: {
        labels: { 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'worker', 'node-role.kubernetes.io/': '' },
      },
    }
    assert.equal(nodeRoles(node), 'control-plane,worker')
    assert.equal(nodeRoles({}), '<none>')
  })

  void test('row', () => {
    const node = {
      metadata: { name: 'n1', creationTimestamp: '2024-04-29T10:00:00Z' },
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        addresses: [{ type: 'InternalIP', address: '192.168.0.2' }],
        nodeInfo: { kubeletVersion: 'v1.32.4', osImage: 'Debian GNU/Linux 12 (bookworm)' },
      },
    }
    assert.deepEqual(nodeStrategy.table!.cells(node, NOW), [
      'n1',
      'Ready',
      '<none>',
      '2d',
      'v1.32.4',
      '192.168.0.2',
      '<none>',
      'Debian GNU/Linux 12 (bookworm)',
      '<unknown>',
      '<unknown>',
    ])
  })

  void test('status is kept on update, allowed on create; selectable field; taint effects', () => {
    const old = { status: { capacity: { cpu: '4' } } }
    const upd: any = { status: {} }
    nodeStrategy.prepareForUpdate!(upd, old)
    assert.deepEqual(upd.status, { capacity: { cpu: '4' } })
    assert.ok(!('prepareForCreate' in nodeStrategy), 'node status may be set on create')
    nodeStrategy.defaults!(upd)
    assert.deepEqual(upd.status.allocatable, { cpu: '4' })
    assert.deepEqual(nodeStrategy.selectableFields!({ spec: { unschedulable: true } }), { 'spec.unschedulable': 'true' })
    assert.deepEqual(nodeStrategy.validate!({ spec: { taints: [{ key: 'k', effect: 'Sometimes' }] } }).map(fieldErrorString), [
      'spec.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ])
    assert.equal(nodeStrategy.info.scope, 'Cluster')
  })
})

void describe('events', () => {
  void test('columns in kubectl order, Name last and wide', () => {
    assert.deepEqual(
      eventStrategy.table!.columns.map((c) => [c.name, c.priority]),
      [
        ['Last Seen', 0],
        ['Type', 0],
        ['Reason', 0],
        ['Object', 0],
        ['Subobject', 1],
        ['Source', 1],
        ['Message', 0],
        ['First Seen', 1],
        ['Count', 1],
        ['Name', 1],
      ],
    )
  })

  void test('classic event row', () => {
    const ev = {
      metadata: { name: 'web.17', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', fieldPath: 'spec.containers{web}' },
      reason: 'Pulled',
      message: '  Successfully pulled image\n',
      type: 'Normal',
      source: { component: 'kubelet', host: 'n1' },
      firstTimestamp: '2024-05-01T09:50:00Z',
      lastTimestamp: '2024-05-01T09:58:00Z',
      count: 3,
    }
    assert.deepEqual(eventStrategy.table!.cells(ev, NOW), [
      '2m',
      'Normal',
      'Pulled',
      'pod/web',
      'spec.containers{web}',
      'kubelet, n1',
      'Successfully pulled image',
      '10m',
      3,
      'web.17',
    ])
    assert.deepEqual(eventStrategy.validate!(ev), [])
  })

  void test('new-style event with series', () => {
    const ev = {
      metadata: { name: 'e', namespace: 'default' },
      involvedObject: { kind: 'Node', name: 'n1' },
      eventTime: '2024-05-01T09:00:00.000000Z',
      series: { count: 7, lastObservedTime: '2024-05-01T09:59:30.000000Z' },
      reportingComponent: 'kubelet',
      reportingInstance: 'n1',
      action: 'Check',
      reason: 'Healthy',
    }
    const cells = eventStrategy.table!.cells(ev, NOW)
    assert.deepEqual([cells[0], cells[3], cells[5], cells[7], cells[8]], ['30s', 'node/n1', 'kubelet, n1', '60m', 7])
    assert.deepEqual(eventStrategy.validate!(ev), [])
  })

  void test('validation: namespaces must agree; new-style needs reporting fields', () => {
    const ev = { metadata: { name: 'e', namespace: 'team' }, involvedObject: { namespace: 'other' } }
    assert.deepEqual(eventStrategy.validate!(ev).map(fieldErrorString), ['involvedObject.namespace: Invalid value: "other": does not match event.namespace'])
    const newStyle = { metadata: { name: 'e', namespace: 'default' }, involvedObject: {}, eventTime: '2024-05-01T09:00:00.000000Z' }
    assert.deepEqual(eventStrategy.validate!(newStyle).map(fieldErrorString), [
      'reportingComponent: Required value',
      "reportingComponent: Invalid value: \"\": name part must be non-empty",
      "reportingComponent: Invalid value: \"\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      'reportingInstance: Required value',
      'action: Required value',
      'reason: Required value',
    ])
  })

  void test('selectable fields', () => {
    const f = eventStrategy.selectableFields!({ involvedObject: { kind: 'Pod', uid: 'u1' }, reportingComponent: 'ctl', type: 'Warning' })
    assert.equal(f['involvedObject.kind'], 'Pod')
    assert.equal(f['involvedObject.uid'], 'u1')
    assert.equal(f.source, 'ctl')
    assert.equal(f.type, 'Warning')
    assert.equal(eventStrategy.hasFieldLabelConversion, true)
  })
})

void describe('endpoints', () => {
  void test('formatEndpoints shows three and counts the rest', () => {
    const ep = {
      subsets: [
        {
          addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }, { ip: 'fd00::3' }, { ip: '10.0.0.4' }],
          ports: [{ port: 80 }],
        },
      ],
    }
    assert.equal(formatEndpoints(ep), '10.0.0.1:80,10.0.0.2:80,[fd00::3]:80 + 1 more...')
    assert.equal(formatEndpoints({}), '<none>')
    assert.equal(formatEndpoints({ subsets: [{ addresses: [{ ip: '10.0.0.9' }] }] }), '10.0.0.9')
  })

  void test('defaults and validation', () => {
    const ep: any = { subsets: [{ addresses: [{ ip: 'nope' }], ports: [{ port: 80 }, { name: 'b', port: 0 }] }] }
    endpointsStrategy.defaults!(ep)
    assert.equal(ep.subsets[0].ports[0].protocol, 'TCP')
    assert.deepEqual(endpointsStrategy.validate!(ep).map(fieldErrorString), [
      'subsets[0].addresses[0].ip: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
      'subsets[0].ports[0].name: Required value',
      'subsets[0].ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    ])
    assert.equal(endpointsStrategy.info.singular, 'endpoints')
    assert.deepEqual(endpointsStrategy.info.shortNames, ['ep'])
  })
})

void describe('serviceaccounts', () => {
  void test('token subresource and Secrets column', () => {
    assert.deepEqual(serviceAccountStrategy.info.subresources?.other?.[0]?.responseKind, {
      group: 'authentication.k8s.io',
      version: 'v1',
      kind: 'TokenRequest',
    })
    assert.deepEqual(serviceAccountStrategy.table!.cells({ metadata: { name: 'default' }, secrets: [{ name: 's' }] }, NOW), ['default', 1, '<unknown>'])
  })
})
