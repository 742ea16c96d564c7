import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { fieldErrorString } from '../../../apimachinery/errors.js'
import { leaseStrategy } from './leases.js'

void describe('leaseStrategy', () => {
  void test('info', () => {
    assert.equal(leaseStrategy.info.group, 'coordination.k8s.io')
    assert.equal(leaseStrategy.info.resource, 'leases')
    assert.equal(leaseStrategy.info.scope, 'Namespaced')
  })

  void test('validation', () => {
    assert.deepEqual(leaseStrategy.validate!({ spec: { holderIdentity: 'a', leaseDurationSeconds: 15, leaseTransitions: 0 } }), [])
    assert.deepEqual(leaseStrategy.validate!({ spec: { leaseDurationSeconds: 0, leaseTransitions: -1 } }).map(fieldErrorString), [
      'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
      'spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0',
    ])
  })

  void test('table', () => {
    const lease = { metadata: { name: 'ks-controller', creationTimestamp: '2024-05-01T09:59:50Z' }, spec: { holderIdentity: 'pod-1' } }
    assert.deepEqual(leaseStrategy.table!.cells(lease, Date.parse('2024-05-01T10:00:00Z')), ['ks-controller', 'pod-1', '10s'])
    assert.deepEqual(leaseStrategy.table!.cells({ metadata: { name: 'x' }, spec: {} }, 0)[1], '')
  })
})
