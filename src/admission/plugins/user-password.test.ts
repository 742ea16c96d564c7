import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { ApiError } from '../../apimachinery/errors.js'
import { SYSTEM_USER } from '../../apimachinery/user.js'
import { verifyPassword } from '../../authn/password-hash.js'
import type { AdmissionAttributes, Operation } from '../interfaces.js'
import { userPasswordPlugin } from './user-password.js'

const plugin = userPasswordPlugin(4)
const HASH = '$2a$10$zcHepmzfKPoxCVCYZr5K7ORPZZ/ySe9p/7IUb/8u./xHrnSX2LOCO'

function attrs(op: Operation, object: any, extra: Partial<AdmissionAttributes> = {}): AdmissionAttributes {
  return {
    operation: op,
    info: { group: 'iam.kubesphere.io', resource: 'users', kind: 'User', version: 'v1beta1', scope: 'Cluster' } as any,
    namespace: '',
    name: object?.metadata?.name ?? '',
    subresource: '',
    object,
    user: SYSTEM_USER,
    dryRun: false,
    reader: { get: () => undefined },
    ...extra,
  }
}

const user = (spec: any, metadata: any = {}) => ({ metadata: { name: 'u', ...metadata }, spec })

describe('UserPassword admission', () => {
  test('hashes a plaintext password, stamps the change time, starts the user Active', async () => {
    const obj = user({ email: '', password: 'Passw0rd' })
    await plugin.admit!(attrs('CREATE', obj))
    assert.match(obj.spec.password, /^\$2a\$04\$/)
    assert.equal(await verifyPassword('Passw0rd', obj.spec.password), true)
    assert.match((obj as any).metadata.annotations['iam.kubesphere.io/last-password-change-time'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    assert.equal((obj as any).status.state, 'Active')
  })

  test('keeps an existing hash and an existing state', async () => {
    const obj: any = { ...user({ email: '', password: HASH }), status: { state: 'Disabled' } }
    await plugin.admit!(attrs('CREATE', obj))
    assert.equal(obj.spec.password, HASH)
    assert.equal(obj.metadata.annotations, undefined)
    assert.equal(obj.status.state, 'Disabled')
  })

  test('replaces the plaintext in last-applied-configuration', async () => {
    const applied = JSON.stringify({ apiVersion: 'iam.kubesphere.io/v1beta1', kind: 'User', spec: { password: 'Passw0rd' } })
    const obj: any = user({ password: 'Passw0rd' }, { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': applied } })
    await plugin.admit!(attrs('UPDATE', obj))
    const after = obj.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']
    assert.ok(!after.includes('Passw0rd'))
    assert.equal(JSON.parse(after).spec.password, obj.spec.password)
  })

  test('a weak password is 422 Invalid without its value', async () => {
    const obj = user({ password: 'password' })
    await assert.rejects(async () => plugin.admit!(attrs('CREATE', obj)), (e: unknown) => {
      assert.ok(e instanceof ApiError)
      assert.equal(e.code, 422)
      assert.equal(e.reason, 'Invalid')
      assert.match(e.message, /^User\.iam\.kubesphere\.io "u" is invalid: spec\.password: Invalid value: spec\.password in body should match/)
      assert.ok(!JSON.stringify(e.status).includes('"password"'))
      return true
    })
  })

  test('other kinds and subresources are left alone', async () => {
    const obj = user({ password: 'Passw0rd' })
    await plugin.admit!(attrs('CREATE', obj, { info: { group: '', resource: 'secrets' } as any }))
    await plugin.admit!(attrs('UPDATE', obj, { subresource: 'status' }))
    assert.equal(obj.spec.password, 'Passw0rd')
  })
})
