import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { fieldErrorString, newInvalid } from '../../../apimachinery/errors.js'
import { podStrategy } from './pods.js'
import { parseQuantityNanos } from './quantity.js'

const LABEL_ERR =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"

/** A pod as the Store hands it to validate: prepared and defaulted. */
function prepared(spec: any): any {
  const pod: any = { metadata: { name: 'p', namespace: 'default' }, spec }
  podStrategy.prepareForCreate!(pod)
  podStrategy.defaults!(pod)
  return pod
}

const errors = (pod: any) => podStrategy.validate!(pod).map(fieldErrorString)

void describe('podStrategy.info', () => {
  void test('resource, short name, category and subresources', () => {
    const info = podStrategy.info
    assert.equal(info.resource, 'pods')
    assert.equal(info.singular, 'pod')
    assert.equal(info.listKind, 'PodList')
    assert.deepEqual(info.shortNames, ['po'])
    assert.deepEqual(info.categories, ['all'])
    assert.ok(info.verbs.includes('deletecollection'))
    assert.equal(info.subresources?.status, true)
    assert.ok(info.subresources?.other?.some((s) => s.name === 'log'))
    assert.equal(podStrategy.returnDeletedObject, true)
    assert.equal(podStrategy.tracksGeneration, undefined)
  })
})

void describe('podStrategy.prepareForCreate', () => {
  const cases: [string, any, string][] = [
    ['no resources', {}, 'BestEffort'],
    ['limits only (requests default to them)', { limits: { cpu: '500m', memory: '128Mi' } }, 'Guaranteed'],
    ['equal requests and limits in other units', { requests: { cpu: '0.5', memory: '134217728' }, limits: { cpu: '500m', memory: '128Mi' } }, 'Guaranteed'],
    ['requests below limits', { requests: { cpu: '100m' }, limits: { cpu: '500m', memory: '128Mi' } }, 'Burstable'],
    ['requests only', { requests: { memory: '1Gi' } }, 'Burstable'],
  ]
  for (const [name, resources, qos] of cases) {
    void test(`status is Pending with QoS ${qos}: ${name}`, () => {
      const pod: any = { spec: { containers: [{ name: 'a', image: 'x', resources }] }, status: { phase: 'Running', podIP: '1.2.3.4' } }
      podStrategy.prepareForCreate!(pod)
      assert.deepEqual(pod.status, { phase: 'Pending', qosClass: qos })
    })
  }

  void test('scheduling gates add the SchedulingGated condition', () => {
    const pod: any = { spec: { containers: [{ name: 'a', image: 'x' }], schedulingGates: [{ name: 'wait' }] } }
    podStrategy.prepareForCreate!(pod)
    assert.deepEqual(pod.status.conditions, [
      { type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' },
    ])
  })
})

void describe('podStrategy.prepareForUpdate', () => {
  void test('keeps the stored status', () => {
    const old = { spec: {}, status: { phase: 'Running' } }
    const pod: any = { spec: {}, status: { phase: 'Failed' } }
    podStrategy.prepareForUpdate!(pod, old)
    assert.deepEqual(pod.status, { phase: 'Running' })
  })
})

void describe('podStrategy.validate', () => {
  void test('a minimal pod is valid', () => {
    assert.deepEqual(errors(prepared({ containers: [{ name: 'web', image: 'nginx' }] })), [])
  })

  const cases: [string, any, string[]][] = [
    ['no containers', { containers: [] }, ['spec.containers: Required value']],
    ['missing name and image', { containers: [{}] }, ['spec.containers[0].name: Required value', 'spec.containers[0].image: Required value']],
    ['invalid container name', { containers: [{ name: 'Web', image: 'nginx' }] }, [`spec.containers[0].name: Invalid value: "Web": ${LABEL_ERR}`]],
    [
      'duplicate container names',
      { containers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }] },
      ['spec.containers[1].name: Duplicate value: "a"'],
    ],
    [
      'init container name clashing with a container',
      { containers: [{ name: 'a', image: 'x' }], initContainers: [{ name: 'a', image: 'y' }] },
      ['spec.initContainers[0].name: Duplicate value: "a"'],
    ],
    [
      'bad container port',
      { containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 70000 }] }] },
      ['spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
    ],
    [
      'unknown restart policy',
      { containers: [{ name: 'a', image: 'x' }], restartPolicy: 'Sometimes' },
      ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
    ],
    [
      'mount of an undeclared volume',
      { containers: [{ name: 'a', image: 'x', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] },
      ['spec.containers[0].volumeMounts[0].name: Not found: "data"'],
    ],
    [
      'image with trailing whitespace',
      { containers: [{ name: 'a', image: 'nginx ' }] },
      ['spec.containers[0].image: Invalid value: "nginx ": must not have leading or trailing whitespace'],
    ],
    [
      'zero activeDeadlineSeconds',
      { containers: [{ name: 'a', image: 'x' }], activeDeadlineSeconds: 0 },
      ['spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive'],
    ],
  ]
  for (const [name, spec, want] of cases) void test(name, () => assert.deepEqual(errors(prepared(spec)), want))

  void test('the 422 message joins several errors', () => {
    const pod = prepared({ containers: [{}] })
    assert.equal(
      newInvalid({ group: '', kind: 'Pod' }, 'p', podStrategy.validate!(pod)).message,
      'Pod "p" is invalid: [spec.containers[0].name: Required value, spec.containers[0].image: Required value]',
    )
  })
})

void describe('podStrategy.validateUpdate', () => {
  const base = () => prepared({ containers: [{ name: 'a', image: 'nginx:1' }] })
  const FORBIDDEN =
    'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'

  const cases: [string, (p: any) => void, string[]][] = [
    ['image change is allowed', (p) => (p.spec.containers[0].image = 'nginx:2'), []],
    ['added toleration is allowed', (p) => p.spec.tolerations.push({ key: 'k', operator: 'Exists' }), []],
    ['changed tolerationSeconds is allowed', (p) => (p.spec.tolerations[0].tolerationSeconds = 60), []],
    ['removed toleration is forbidden', (p) => p.spec.tolerations.pop(), ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']],
    ['port change is forbidden', (p) => (p.spec.containers[0].ports = [{ containerPort: 80, protocol: 'TCP' }]), [FORBIDDEN]],
    ['adding a container is forbidden', (p) => p.spec.containers.push({ name: 'b', image: 'x' }), ['spec.containers: Forbidden: pod updates may not add or remove containers']],
    ['activeDeadlineSeconds may be set', (p) => (p.spec.activeDeadlineSeconds = 30), []],
  ]
  for (const [name, mutate, want] of cases) {
    void test(name, () => {
      const old = base()
      const pod = structuredClone(old)
      mutate(pod)
      assert.deepEqual(podStrategy.validateUpdate!(pod, old).map(fieldErrorString), want)
    })
  }

  void test('activeDeadlineSeconds may only shrink', () => {
    const old = base()
    old.spec.activeDeadlineSeconds = 30
    const pod = structuredClone(old)
    pod.spec.activeDeadlineSeconds = 60
    assert.deepEqual(podStrategy.validateUpdate!(pod, old).map(fieldErrorString), [
      'spec.activeDeadlineSeconds: Invalid value: 60: must be less than or equal to previous value',
    ])
  })
})

void describe('podStrategy.selectableFields', () => {
  void test('values as strings, spec.host aliasing spec.nodeName', () => {
    const pod = prepared({ containers: [{ name: 'a', image: 'x' }], nodeName: 'n1' })
    pod.status.podIPs = [{ ip: '10.1.2.3' }]
    const f = podStrategy.selectableFields!(pod)
    assert.equal(f['spec.nodeName'], 'n1')
    assert.equal(f['spec.host'], 'n1')
    assert.equal(f['spec.hostNetwork'], 'false')
    assert.equal(f['status.phase'], 'Pending')
    assert.equal(f['status.podIP'], '10.1.2.3')
    assert.equal(f['spec.serviceAccountName'], 'default')
    assert.equal(podStrategy.hasFieldLabelConversion, true)
  })
})

void describe('parseQuantityNanos', () => {
  const cases: [string, unknown, bigint | undefined][] = [
    ['milli', '500m', 500_000_000n],
    ['decimal fraction', '0.5', 500_000_000n],
    ['binary suffix', '1Ki', 1024n * 1_000_000_000n],
    ['decimal suffix', '2k', 2_000n * 1_000_000_000n],
    ['exponent', '1e3', 1_000n * 1_000_000_000n],
    ['number input', 2, 2_000_000_000n],
    ['garbage', 'lots', undefined],
  ]
  for (const [name, input, want] of cases) void test(name, () => assert.equal(parseQuantityNanos(input), want))
})
