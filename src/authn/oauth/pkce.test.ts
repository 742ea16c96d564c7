import { test } from 'node:test'
import assert from 'node:assert/strict'
import { isPkceMethod, s256, verifyPkce } from './pkce.js'

const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'

test('RFC 7636 appendix B example', () => {
  assert.equal(s256(verifier), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')
})

test('verifyPkce', () => {
  const base = { username: 'a', tokenType: 'code' as const, issuedAt: 0 }
  const cases: { name: string; code: any; verifier: string; want: boolean }[] = [
    { name: 'no challenge needs no verifier', code: base, verifier: '', want: true },
    { name: 'S256 match', code: { ...base, codeChallenge: s256(verifier), codeChallengeMethod: 'S256' }, verifier, want: true },
    { name: 'S256 mismatch', code: { ...base, codeChallenge: s256(verifier), codeChallengeMethod: 'S256' }, verifier: verifier.replace('d', 'e'), want: false },
    { name: 'plain match', code: { ...base, codeChallenge: verifier, codeChallengeMethod: 'plain' }, verifier, want: true },
    { name: 'missing verifier', code: { ...base, codeChallenge: verifier, codeChallengeMethod: 'plain' }, verifier: '', want: false },
    { name: 'verifier too short', code: { ...base, codeChallenge: 'short', codeChallengeMethod: 'plain' }, verifier: 'short', want: false },
  ]
  for (const c of cases) assert.equal(verifyPkce(c.code, c.verifier), c.want, c.name)
  assert.equal(isPkceMethod('S256'), true)
  assert.equal(isPkceMethod('S512'), false)
})
