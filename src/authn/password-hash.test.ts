import { test } from 'node:test'
import assert from 'node:assert/strict'
import { hashPassword, isBcryptHash, UNUSABLE_HASH, verifyPassword } from './password-hash.js'

test('hashes with $2a$ and the given cost, and verifies', async () => {
  const h = await hashPassword('P@88w0rd', 4)
  assert.match(h, /^\$2a\$04\$/)
  assert.equal(h.length, 60)
  assert.equal(isBcryptHash(h), true)
  assert.equal(await verifyPassword('P@88w0rd', h), true)
  assert.equal(await verifyPassword('P@88w0rD', h), false)
})

test("verifies KubeSphere's chart hash of P@88w0rd", async () => {
  const chart = '$2a$10$zcHepmzfKPoxCVCYZr5K7ORPZZ/ySe9p/7IUb/8u./xHrnSX2LOCO'
  assert.equal(await verifyPassword('P@88w0rd', chart), true)
})

test('isBcryptHash', () => {
  const cases: [string, boolean][] = [
    ['$2a$10$zcHepmzfKPoxCVCYZr5K7ORPZZ/ySe9p/7IUb/8u./xHrnSX2LOCO', true],
    ['$2y$12$zcHepmzfKPoxCVCYZr5K7ORPZZ/ySe9p/7IUb/8u./xHrnSX2LOCO', true],
    ['$2a$99$zcHepmzfKPoxCVCYZr5K7ORPZZ/ySe9p/7IUb/8u./xHrnSX2LOCO', false],
    ['$2a$10$short', false],
    ['P@88w0rd', false],
  ]
  for (const [v, want] of cases) assert.equal(isBcryptHash(v), want, v)
})

test('the unusable hash is well-formed and matches nothing obvious', async () => {
  assert.equal(isBcryptHash(UNUSABLE_HASH), true)
  assert.equal(await verifyPassword('', UNUSABLE_HASH), false)
  assert.equal(await verifyPassword('P@88w0rd', UNUSABLE_HASH), false)
})
