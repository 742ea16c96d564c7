import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { fieldErrorString, isConflict, type ApiError } from '../../../apimachinery/errors.js'
import { namespaceStrategy } from './namespaces.js'

void describe('namespaceStrategy', () => {
  void test('info: cluster scope, no deletecollection, finalize subresource', () => {
    const info = namespaceStrategy.info
    assert.equal(info.scope, 'Cluster')
    assert.deepEqual(info.shortNames, ['ns'])
    assert.ok(!info.verbs.includes('deletecollection'))
    assert.deepEqual(info.subresources?.other, [{ name: 'finalize', verbs: ['update'] }])
    assert.equal(namespaceStrategy.nameValidation, 'label')
    assert.equal(namespaceStrategy.returnDeletedObject, true)
  })

  void test('create: Active, kubernetes finalizer, name label; defaults idempotent', () => {
    const ns: any = { metadata: { name: 'team-a' }, status: { phase: 'Terminating' } }
    namespaceStrategy.prepareForCreate!(ns)
    namespaceStrategy.defaults!(ns)
    assert.deepEqual(ns, {
      metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'team-a' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    })
    const once = structuredClone(ns)
    namespaceStrategy.defaults!(ns)
    assert.deepEqual(ns, once)
  })

  void test('create keeps user finalizers and appends kubernetes', () => {
    const ns: any = { metadata: { name: 'x' }, spec: { finalizers: ['example.com/cleanup'] } }
    namespaceStrategy.prepareForCreate!(ns)
    assert.deepEqual(ns.spec.finalizers, ['example.com/cleanup', 'kubernetes'])
  })

  void test('defaults never re-add the kubernetes finalizer', () => {
    const ns: any = { metadata: { name: 'x' }, spec: { finalizers: [] }, status: { phase: 'Terminating' } }
    namespaceStrategy.defaults!(ns)
    assert.deepEqual(ns.spec.finalizers, [])
  })

  void test('update keeps spec.finalizers and status', () => {
    const old: any = { metadata: { name: 'x', labels: { a: '1' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }
    const upd: any = { metadata: { name: 'x', labels: { a: '2' } }, spec: { finalizers: [] }, status: { phase: 'Terminating' } }
    namespaceStrategy.prepareForUpdate!(upd, old)
    assert.deepEqual(upd.spec.finalizers, ['kubernetes'])
    assert.deepEqual(upd.status, { phase: 'Active' })
    assert.equal(upd.metadata.labels.a, '2')
  })

  void test('deletion hooks', () => {
    const ns: any = { metadata: { name: 'x' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }
    assert.equal(namespaceStrategy.hasPendingFinalizers!(ns), true)
    namespaceStrategy.prepareForDelete!(ns)
    assert.equal(ns.status.phase, 'Terminating')
    let thrown: unknown
    try {
      namespaceStrategy.onDeleteRepeated!(ns)
    } catch (e) {
      thrown = e
    }
    assert.ok(isConflict(thrown))
    assert.equal(
      (thrown as ApiError).message,
      'Operation cannot be fulfilled on namespaces "x": The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.',
    )
    ns.spec.finalizers = []
    assert.equal(namespaceStrategy.hasPendingFinalizers!(ns), false)
    assert.doesNotThrow(() => namespaceStrategy.onDeleteRepeated!(ns))
  })

  void test('finalizer names must be standard or qualified', () => {
    const ns: any = { metadata: { name: 'x' }, spec: { finalizers: ['kubernetes', 'example.com/x', 'custom'] } }
    assert.deepEqual(namespaceStrategy.validate!(ns).map(fieldErrorString), [
      'spec.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
    ])
  })

  void test('table and field selector', () => {
    const ns = { metadata: { name: 'x', creationTimestamp: '2024-05-01T09:00:00Z' }, status: { phase: 'Active' } }
    assert.deepEqual(namespaceStrategy.table!.columns.map((c) => c.name), ['Name', 'Status', 'Age'])
    assert.deepEqual(namespaceStrategy.table!.cells(ns, Date.parse('2024-05-01T10:00:00Z')), ['x', 'Active', '60m'])
    assert.deepEqual(namespaceStrategy.selectableFields!(ns), { 'status.phase': 'Active' })
  })
})
