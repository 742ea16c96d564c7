import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { fieldErrorString } from '../apimachinery/errors.js'
import { passwordErrors } from './password-rules.js'

describe('passwordErrors', () => {
  const ok = ['P@88w0rd', 'abcDEF12', '1aA12345', 'Zz9zzzzz', 'a'.repeat(62) + 'B1', 'Ünïcødé1aB']
  for (const p of ok) test(`accepts ${JSON.stringify(p)}`, () => assert.deepEqual(passwordErrors(p), []))

  const bad: { name: string; password: string; details: RegExp[] }[] = [
    { name: 'empty', password: '', details: [/at least 8 chars long/, /should match/] },
    { name: 'too short', password: 'aB1', details: [/at least 8 chars long/] },
    { name: 'too long', password: 'aB1' + 'x'.repeat(62), details: [/may not be longer than 64/] },
    { name: 'no uppercase', password: 'password1', details: [/should match/] },
    { name: 'no lowercase', password: 'PASSWORD1', details: [/should match/] },
    { name: 'no digit', password: 'Password', details: [/should match/] },
    { name: 'newline', password: 'Passw0rd\nmore', details: [/should match/] },
  ]
  for (const c of bad) {
    test(`rejects ${c.name}`, () => {
      const errs = passwordErrors(c.password)
      assert.equal(errs.length, c.details.length)
      c.details.forEach((re, i) => assert.match(errs[i].detail ?? '', re))
    })
  }

  test('never echoes the password', () => {
    for (const e of passwordErrors('weakpass')) {
      const text = fieldErrorString(e)
      assert.ok(!text.includes('weakpass'), text)
      assert.match(text, /^spec\.password: Invalid value: spec\.password in body should match '\^/)
    }
  })
})
