import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { fieldErrorString } from '../../../apimachinery/errors.js'
import { jobStrategy } from './jobs.js'

const NOW = Date.parse('2024-05-01T10:00:00Z')

function job(spec: any, meta: any = {}): any {
  const j: any = { metadata: { name: 'pi', namespace: 'default', uid: 'u-1', ...meta }, spec }
  jobStrategy.prepareForCreate!(j)
  jobStrategy.defaults!(j)
  return j
}

const simple = () => ({ template: { spec: { containers: [{ name: 'pi', image: 'perl:5' }], restartPolicy: 'Never' } } })

void describe('jobStrategy', () => {
  void test('defaults, idempotent', () => {
    const j = job(simple())
    assert.equal(j.spec.completions, 1)
    assert.equal(j.spec.parallelism, 1)
    assert.equal(j.spec.backoffLimit, 6)
    assert.equal(j.spec.completionMode, 'NonIndexed')
    assert.equal(j.spec.suspend, false)
    assert.equal(j.spec.podReplacementPolicy, 'TerminatingOrFailed')
    assert.deepEqual(j.status, {})
    const once = structuredClone(j)
    jobStrategy.defaults!(j)
    assert.deepEqual(j, once)
  })

  void test('validate generates the selector and labels, and the result is valid', () => {
    const j = job(simple())
    assert.deepEqual(jobStrategy.validate!(j), [])
    assert.deepEqual(j.spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } })
    assert.deepEqual(j.spec.template.metadata.labels, {
      'job-name': 'pi',
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': 'u-1',
      'batch.kubernetes.io/controller-uid': 'u-1',
    })
    // The job itself carries the template labels, as upstream's defaulting leaves it.
    assert.deepEqual(j.metadata.labels, j.spec.template.metadata.labels)
  })

  void test('a hand-written selector without manualSelector is rejected', () => {
    const j = job({ ...simple(), selector: { matchLabels: { app: 'pi' } } })
    j.spec.template.metadata = { labels: { app: 'pi' } }
    assert.deepEqual(jobStrategy.validate!(j).map(fieldErrorString), [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"pi", "batch.kubernetes.io/controller-uid":"u-1"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated',
    ])
  })

  void test('manual selector must still match the template', () => {
    const j = job({ ...simple(), manualSelector: true, selector: { matchLabels: { app: 'pi' } } })
    j.spec.template.metadata = { labels: { app: 'other' } }
    assert.deepEqual(jobStrategy.validate!(j).map(fieldErrorString), [
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
    ])
  })

  void test('restartPolicy Always (the pod default) is not allowed', () => {
    const j = job({ template: { spec: { containers: [{ name: 'pi', image: 'perl:5' }] } } })
    assert.deepEqual(jobStrategy.validate!(j).map(fieldErrorString), [
      'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ])
  })

  void test('template is immutable unless suspended and never started', () => {
    const old = job(simple())
    jobStrategy.validate!(old)
    const changed = structuredClone(old)
    changed.spec.template.spec.containers[0].image = 'perl:6'
    assert.deepEqual(
      jobStrategy.validateUpdate!(changed, old).map((e) => `${e.field}: ${e.detail}`),
      ['spec.template: field is immutable'],
    )
    const suspendedOld = structuredClone(old)
    suspendedOld.spec.suspend = true
    const scheduled = structuredClone(suspendedOld)
    scheduled.spec.template.spec.nodeSelector = { zone: 'a' }
    assert.deepEqual(jobStrategy.validateUpdate!(scheduled, suspendedOld), [])
    const completions = structuredClone(old)
    completions.spec.completions = 3
    assert.deepEqual(jobStrategy.validateUpdate!(completions, old).map(fieldErrorString), [
      'spec.completions: Invalid value: 3: field is immutable',
    ])
  })

  void test('table: status, completions, duration', () => {
    const j = job({ ...simple(), completions: 3 })
    jobStrategy.validate!(j)
    j.metadata.creationTimestamp = '2024-05-01T09:00:00Z'
    j.status = { succeeded: 1, startTime: '2024-05-01T09:58:00Z' }
    assert.deepEqual(jobStrategy.table!.cells(j, NOW), [
      'pi',
      'Running',
      '1/3',
      '2m',
      '60m',
      'pi',
      'perl:5',
      'batch.kubernetes.io/controller-uid=u-1',
    ])
    j.status = {
      succeeded: 3,
      startTime: '2024-05-01T09:00:00Z',
      completionTime: '2024-05-01T09:00:42Z',
      conditions: [{ type: 'Complete', status: 'True' }],
    }
    const cells = jobStrategy.table!.cells(j, NOW)
    assert.deepEqual([cells[1], cells[2], cells[3]], ['Complete', '3/3', '42s'])
  })

  void test('completions cell for work queues', () => {
    const j = job({ ...simple(), parallelism: 4 })
    delete j.spec.completions
    j.status = { succeeded: 2 }
    assert.equal(jobStrategy.table!.cells(j, NOW)[2], '2/1 of 4')
  })

  void test('info and selectable field', () => {
    assert.deepEqual(jobStrategy.info.categories, ['all'])
    assert.equal(jobStrategy.tracksGeneration, true)
    assert.deepEqual(jobStrategy.selectableFields!({ status: { succeeded: 2 } }), { 'status.successful': '2' })
  })
})
