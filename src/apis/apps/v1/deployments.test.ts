import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { fieldErrorString, newInvalid } from '../../../apimachinery/errors.js'
import { deploymentStrategy } from './deployments.js'

const NOW = Date.parse('2024-05-01T10:00:00Z')

function deployment(spec: any): any {
  const d: any = { metadata: { name: 'd', namespace: 'default' }, spec }
  deploymentStrategy.prepareForCreate!(d)
  deploymentStrategy.defaults!(d)
  return d
}

const valid = () =>
  deployment({
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
  })

const errors = (d: any) => deploymentStrategy.validate!(d).map(fieldErrorString)

void describe('deploymentStrategy defaults', () => {
  void test('fills spec and template defaults, idempotent', () => {
    const d = valid()
    assert.equal(d.spec.replicas, 1)
    assert.deepEqual(d.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } })
    assert.equal(d.spec.revisionHistoryLimit, 10)
    assert.equal(d.spec.progressDeadlineSeconds, 600)
    assert.equal(d.spec.template.metadata.creationTimestamp, null)
    assert.equal(d.spec.template.spec.restartPolicy, 'Always')
    assert.equal(d.spec.template.spec.containers[0].imagePullPolicy, 'IfNotPresent')
    assert.deepEqual(d.status, {})
    const once = structuredClone(d)
    deploymentStrategy.defaults!(d)
    assert.deepEqual(d, once)
  })

  void test('Recreate gets no rollingUpdate block', () => {
    const d = deployment({ strategy: { type: 'Recreate' } })
    assert.deepEqual(d.spec.strategy, { type: 'Recreate' })
  })
})

void describe('deploymentStrategy.validate', () => {
  void test('valid', () => assert.deepEqual(errors(valid()), []))

  void test('selector that does not match the template, exact 422 message', () => {
    const d = valid()
    d.spec.template.metadata.labels = { app: 'x' }
    assert.equal(
      newInvalid({ group: 'apps', kind: 'Deployment' }, 'd', deploymentStrategy.validate!(d)).message,
      'Deployment.apps "d" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: `selector` does not match template `labels`',
    )
  })

  const cases: [string, (d: any) => void, string[]][] = [
    [
      'missing selector',
      (d) => delete d.spec.selector,
      [
        'spec.selector: Required value',
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      ],
    ],
    [
      'empty selector',
      (d) => (d.spec.selector = {}),
      [
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
      ],
    ],
    [
      'template without labels',
      (d) => delete d.spec.template.metadata.labels,
      ['spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`'],
    ],
    ['negative replicas', (d) => (d.spec.replicas = -1), ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    [
      'bad selector operator',
      (d) => (d.spec.selector = { matchExpressions: [{ key: 'app', operator: 'Maybe', values: ['web'] }] }),
      ['spec.selector.matchExpressions[0].operator: Invalid value: "Maybe": not a valid selector operator'],
    ],
    [
      'restart policy must be Always',
      (d) => (d.spec.template.spec.restartPolicy = 'Never'),
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ],
    [
      'container without image',
      (d) => delete d.spec.template.spec.containers[0].image,
      ['spec.template.spec.containers[0].image: Required value'],
    ],
    [
      'maxSurge and maxUnavailable both zero',
      (d) => (d.spec.strategy.rollingUpdate = { maxSurge: 0, maxUnavailable: '0%' }),
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: may not be 0 when `maxSurge` is 0'],
    ],
    [
      'maxUnavailable above 100%',
      (d) => (d.spec.strategy.rollingUpdate.maxUnavailable = '150%'),
      ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%'],
    ],
    [
      'rollingUpdate with Recreate',
      (d) => (d.spec.strategy.type = 'Recreate'),
      ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
    ],
    [
      'progress deadline not above minReadySeconds',
      (d) => (d.spec.minReadySeconds = 600),
      ['spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds'],
    ],
  ]
  for (const [name, mutate, want] of cases) {
    void test(name, () => {
      const d = valid()
      mutate(d)
      assert.deepEqual(errors(d), want)
    })
  }
})

void describe('deploymentStrategy updates', () => {
  void test('selector is immutable', () => {
    const old = valid()
    const d = structuredClone(old)
    d.spec.selector = { matchLabels: { app: 'web', tier: 'fe' } }
    assert.deepEqual(deploymentStrategy.validateUpdate!(d, old).map(fieldErrorString), [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"fe"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ])
  })

  void test('status is kept', () => {
    const old = valid()
    old.status = { replicas: 3 }
    const d = structuredClone(old)
    d.status = { replicas: 99 }
    deploymentStrategy.prepareForUpdate!(d, old)
    assert.deepEqual(d.status, { replicas: 3 })
  })

  const gen: [string, (d: any) => void, boolean][] = [
    ['spec change', (d) => (d.spec.replicas = 3), true],
    ['annotation change', (d) => (d.metadata.annotations = { note: 'x' }), true],
    ['revision annotation set by the controller', (d) => (d.metadata.annotations = { 'deployment.kubernetes.io/revision': '2' }), false],
    ['label change', (d) => (d.metadata.labels = { a: 'b' }), false],
    ['status change', (d) => (d.status = { replicas: 1 }), false],
  ]
  for (const [name, mutate, want] of gen) {
    void test(`generation changes on ${name}: ${want}`, () => {
      const old = valid()
      const d = structuredClone(old)
      mutate(d)
      assert.equal(deploymentStrategy.generationChanged!(d, old), want)
    })
  }
})

void describe('deployment table', () => {
  void test('Ready is ready/desired, wide cells', () => {
    const d = valid()
    d.spec.replicas = 3
    d.metadata.creationTimestamp = '2024-05-01T09:00:00Z'
    d.status = { readyReplicas: 1, updatedReplicas: 2, availableReplicas: 1 }
    assert.deepEqual(deploymentStrategy.table!.cells(d, NOW), ['d', '1/3', 2, 1, '60m', 'web', 'nginx:1.27', 'app=web'])
  })

  void test('columns', () => {
    assert.deepEqual(
      deploymentStrategy.table!.columns.map((c) => [c.name, c.priority]),
      [
        ['Name', 0],
        ['Ready', 0],
        ['Up-to-date', 0],
        ['Available', 0],
        ['Age', 0],
        ['Containers', 1],
        ['Images', 1],
        ['Selector', 1],
      ],
    )
  })

  void test('info: scale subresource and generation', () => {
    assert.deepEqual(deploymentStrategy.info.subresources?.scale, {
      specReplicasPath: '.spec.replicas',
      statusReplicasPath: '.status.replicas',
      labelSelectorPath: '.spec.selector',
    })
    assert.equal(deploymentStrategy.tracksGeneration, true)
    assert.deepEqual(deploymentStrategy.info.shortNames, ['deploy'])
  })
})
