import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { canonicalJson, fnv32a, podTemplateHash, safeEncode, withoutHashLabel } from './pod-template-hash.js'

const template = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
}

describe('pod-template-hash', () => {
  test('FNV-1a 32 of known inputs', () => {
    // Reference values of the FNV-1a 32-bit test suite.
    assert.equal(fnv32a(''), 0x811c9dc5)
    assert.equal(fnv32a('a'), 0xe40c292c)
    assert.equal(fnv32a('foobar'), 0xbf9cf968)
  })

  test('safe encoding maps decimal digits into the generateName alphabet', () => {
    assert.equal(safeEncode('0123456789'), '456789bcdf')
  })

  test('canonical JSON sorts keys and drops undefined', () => {
    assert.equal(
      canonicalJson({ b: 1, a: [{ d: 2, c: undefined }], n: null }),
      '{"a":[{"d":2}],"b":1,"n":null}',
    )
  })

  const cases: { name: string; a: unknown; b: unknown; same: boolean; ca?: number; cb?: number }[] = [
    {
      name: 'key order does not matter',
      a: template,
      b: { spec: template.spec, metadata: template.metadata },
      same: true,
    },
    {
      name: 'an existing hash label is ignored',
      a: template,
      b: { ...template, metadata: { labels: { app: 'web', 'pod-template-hash': 'x' } } },
      same: true,
    },
    {
      name: 'an image change changes it',
      a: template,
      b: { ...template, spec: { containers: [{ name: 'c', image: 'nginx:2' }] } },
      same: false,
    },
    {
      name: 'an annotation change changes it',
      a: template,
      b: { ...template, metadata: { ...template.metadata, annotations: { r: '1' } } },
      same: false,
    },
    { name: 'collisionCount changes it', a: template, b: template, ca: undefined, cb: 1, same: false },
  ]
  for (const c of cases) {
    test(c.name, () => {
      const ha = podTemplateHash(c.a, c.ca)
      const hb = podTemplateHash(c.b, c.cb)
      assert.match(ha, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/)
      assert.equal(ha === hb, c.same)
    })
  }

  test('withoutHashLabel copies instead of changing the input', () => {
    const t = { metadata: { labels: { app: 'a', 'pod-template-hash': 'h' } } }
    assert.deepEqual(withoutHashLabel(t), { metadata: { labels: { app: 'a' } } })
    assert.equal(t.metadata.labels['pod-template-hash'], 'h')
  })
})
