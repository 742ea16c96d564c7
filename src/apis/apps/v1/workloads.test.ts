import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { fieldErrorString } from '../../../apimachinery/errors.js'
import type { Strategy } from '../../../registry/strategy.js'
import { replicaSetStrategy } from './replicasets.js'
import { statefulSetStrategy, STATEFULSET_SPEC_FORBIDDEN } from './statefulsets.js'
import { daemonSetStrategy, TEMPLATE_GENERATION_ANNOTATION } from './daemonsets.js'

const NOW = Date.parse('2024-05-01T10:00:00Z')

function made(strategy: Strategy, spec: any, meta: any = {}): any {
  const obj: any = { metadata: { name: 'w', namespace: 'default', creationTimestamp: '2024-05-01T09:00:00Z', ...meta }, spec }
  strategy.prepareForCreate!(obj)
  strategy.defaults!(obj)
  return obj
}

const baseSpec = () => ({
  selector: { matchLabels: { app: 'w' } },
  template: { metadata: { labels: { app: 'w' } }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } },
})

const errs = (s: Strategy, o: any) => s.validate!(o).map(fieldErrorString)

void describe('replicaSetStrategy', () => {
  void test('defaults, initial status, idempotent', () => {
    const rs = made(replicaSetStrategy, baseSpec())
    assert.equal(rs.spec.replicas, 1)
    assert.deepEqual(rs.status, { replicas: 0 })
    const once = structuredClone(rs)
    replicaSetStrategy.defaults!(rs)
    assert.deepEqual(rs, once)
    assert.deepEqual(errs(replicaSetStrategy, rs), [])
  })

  void test('validation reuses the deployment wording and forbids activeDeadlineSeconds', () => {
    const rs = made(replicaSetStrategy, { ...baseSpec(), selector: {} })
    rs.spec.template.spec.activeDeadlineSeconds = 10
    assert.deepEqual(errs(replicaSetStrategy, rs), [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
      'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
    ])
  })

  void test('table: integer Desired/Current/Ready and selector', () => {
    const rs = made(replicaSetStrategy, { ...baseSpec(), replicas: 3 })
    rs.status = { replicas: 2, readyReplicas: 1 }
    assert.deepEqual(replicaSetStrategy.table!.cells(rs, NOW), ['w', 3, 2, 1, '60m', 'c', 'busybox:1.36', 'app=w'])
    assert.deepEqual(
      replicaSetStrategy.table!.columns.slice(1, 4).map((c) => c.type),
      ['integer', 'integer', 'integer'],
    )
  })

  void test('selector immutable, generation on spec only', () => {
    const old = made(replicaSetStrategy, baseSpec())
    const rs = structuredClone(old)
    rs.spec.selector.matchLabels.app = 'other'
    assert.equal(replicaSetStrategy.validateUpdate!(rs, old).length, 1)
    const labelled = structuredClone(old)
    labelled.metadata.annotations = { a: 'b' }
    assert.equal(replicaSetStrategy.generationChanged!(labelled, old), false)
  })
})

void describe('statefulSetStrategy', () => {
  void test('defaults, idempotent', () => {
    const sts = made(statefulSetStrategy, {
      ...baseSpec(),
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }],
    })
    const spec = sts.spec
    assert.equal(spec.replicas, 1)
    assert.equal(spec.podManagementPolicy, 'OrderedReady')
    assert.deepEqual(spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } })
    assert.deepEqual(spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' })
    assert.equal(spec.revisionHistoryLimit, 10)
    assert.deepEqual(spec.volumeClaimTemplates[0], {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', creationTimestamp: null },
      spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    })
    assert.deepEqual(sts.status, { replicas: 0, availableReplicas: 0 })
    const once = structuredClone(sts)
    statefulSetStrategy.defaults!(sts)
    assert.deepEqual(sts, once)
    assert.deepEqual(errs(statefulSetStrategy, sts), [])
    assert.equal(statefulSetStrategy.nameValidation, 'label')
  })

  void test('validation messages', () => {
    const sts = made(statefulSetStrategy, baseSpec())
    sts.spec.podManagementPolicy = 'Random'
    sts.spec.selector = { matchLabels: { app: 'x' } }
    assert.deepEqual(errs(statefulSetStrategy, sts), [
      "spec.podManagementPolicy: Invalid value: \"Random\": must be 'OrderedReady' or 'Parallel'",
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"w"}: `selector` does not match template `labels`',
    ])
  })

  void test('only some spec fields may change', () => {
    const old = made(statefulSetStrategy, baseSpec())
    const scaled = structuredClone(old)
    scaled.spec.replicas = 5
    scaled.spec.template.spec.containers[0].image = 'busybox:1.37'
    assert.deepEqual(statefulSetStrategy.validateUpdate!(scaled, old), [])
    const renamed = structuredClone(old)
    renamed.spec.serviceName = 'other'
    assert.deepEqual(statefulSetStrategy.validateUpdate!(renamed, old).map(fieldErrorString), [`spec: Forbidden: ${STATEFULSET_SPEC_FORBIDDEN}`])
  })

  void test('table', () => {
    const sts = made(statefulSetStrategy, { ...baseSpec(), replicas: 3 })
    sts.status.readyReplicas = 2
    assert.deepEqual(statefulSetStrategy.table!.cells(sts, NOW), ['w', '2/3', '60m', 'c', 'busybox:1.36'])
  })
})

void describe('daemonSetStrategy', () => {
  void test('defaults, initial status and template generation', () => {
    const ds = made(daemonSetStrategy, baseSpec())
    assert.deepEqual(ds.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } })
    assert.equal(ds.spec.revisionHistoryLimit, 10)
    assert.deepEqual(ds.status, { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 })
    assert.equal(ds.metadata.annotations[TEMPLATE_GENERATION_ANNOTATION], '1')
    const once = structuredClone(ds)
    daemonSetStrategy.defaults!(ds)
    assert.deepEqual(ds, once)
    assert.deepEqual(errs(daemonSetStrategy, ds), [])
  })

  void test('template changes bump the template generation', () => {
    const old = made(daemonSetStrategy, baseSpec())
    const same = structuredClone(old)
    daemonSetStrategy.prepareForUpdate!(same, old)
    assert.equal(same.metadata.annotations[TEMPLATE_GENERATION_ANNOTATION], '1')
    const changed = structuredClone(old)
    changed.spec.template.spec.containers[0].image = 'busybox:2'
    daemonSetStrategy.prepareForUpdate!(changed, old)
    assert.equal(changed.metadata.annotations[TEMPLATE_GENERATION_ANNOTATION], '2')
  })

  void test('absent selector is reported by the template check only', () => {
    const ds = made(daemonSetStrategy, baseSpec())
    delete ds.spec.selector
    assert.deepEqual(errs(daemonSetStrategy, ds), [
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"w"}: `selector` does not match template `labels`',
    ])
  })

  void test('rolling update needs exactly one of surge and unavailable', () => {
    const ds = made(daemonSetStrategy, baseSpec())
    ds.spec.updateStrategy.rollingUpdate = { maxUnavailable: 0, maxSurge: 0 }
    assert.deepEqual(errs(daemonSetStrategy, ds), ['spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0'])
    ds.spec.updateStrategy.rollingUpdate = { maxUnavailable: 1, maxSurge: '10%' }
    assert.deepEqual(errs(daemonSetStrategy, ds), [
      'spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"10%"}: may not be set when maxUnavailable is non-zero',
    ])
  })

  void test('table', () => {
    const ds = made(daemonSetStrategy, baseSpec())
    ds.spec.template.spec.nodeSelector = { 'kubernetes.io/os': 'linux' }
    ds.status = { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 }
    assert.deepEqual(daemonSetStrategy.table!.cells(ds, NOW), [
      'w', 3, 3, 2, 3, 2, 'kubernetes.io/os=linux', '60m', 'c', 'busybox:1.36', 'app=w',
    ])
  })
})
