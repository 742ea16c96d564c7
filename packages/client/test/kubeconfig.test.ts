import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { loadKubeconfig, parseYamlSubset } from '../src/index.js'

describe('YAML subset', () => {
  const cases: [string, string, unknown][] = [
    [
      'scalars',
      "a: 1\nb: true\nc: ~\nd: \"x: y\"\ne: 'it''s'\nf: plain text # comment\ng: {}\nh: []\n",
      { a: 1, b: true, c: null, d: 'x: y', e: "it's", f: 'plain text', g: {}, h: [] },
    ],
    ['nested mapping', 'a:\n  b:\n    c: d\n  e: f\n', { a: { b: { c: 'd' }, e: 'f' } }],
    [
      'sequence of mappings at the key indentation',
      'l:\n- name: x\n  v:\n    k: 1\n- name: y\n',
      { l: [{ name: 'x', v: { k: 1 } }, { name: 'y' }] },
    ],
    ['indented sequence of scalars', 'l:\n  - a\n  - "b"\n', { l: ['a', 'b'] }],
    ['empty value', 'a:\nb: x\n', { a: null, b: 'x' }],
    ['JSON document', '{"a": [1, {"b": null}]}', { a: [1, { b: null }] }],
    [
      'document marker and URL values',
      '---\nserver: https://127.0.0.1:9090\n',
      { server: 'https://127.0.0.1:9090' },
    ],
    ['quoted keys', '"a b": 1\n', { 'a b': 1 }],
  ]
  for (const [name, text, want] of cases) test(name, () => assert.deepEqual(parseYamlSubset(text), want))

  const bad: [string, string, RegExp][] = [
    ['flow mapping', 'a: {b: c}\n', /line 1: unsupported YAML/],
    ['block scalar', 'a: |\n  x\n', /line 1: unsupported YAML/],
    ['two documents', 'a: 1\n---\nb: 2\n', /line 2: only one document/],
    ['tab indentation', 'a:\n\tb: 1\n', /line 2: tabs/],
    ['bad indentation', 'a: 1\n  b: 2\n', /line 2: unexpected indentation/],
  ]
  for (const [name, text, re] of bad)
    test(`rejects ${name}`, () => assert.throws(() => parseYamlSubset(text), re))
})

describe('loadKubeconfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ks-kubeconfig-'))
  const ca = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')
  const text = `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: ${ca.toString('base64')}
    server: https://127.0.0.1:9090
  name: local
- cluster:
    certificate-authority: certs/ca.crt
    server: http://other:80/prefix
    insecure-skip-tls-verify: true
  name: other
contexts:
- context:
    cluster: local
    user: admin
  name: admin@local
- context:
    cluster: other
    user: sa
  name: sa@other
current-context: admin@local
preferences: {}
users:
- name: admin
  user:
    token: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiJ9.c2ln
- name: sa
  user:
    tokenFile: secrets/token
    username: u
    password: "p w"
`
  const path = join(dir, 'config')
  writeFileSync(path, text)

  test('the current context', () => {
    assert.deepEqual(loadKubeconfig({ path }), {
      host: 'https://127.0.0.1:9090',
      caData: ca,
      bearerToken: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiJ9.c2ln',
    })
  })

  test('a named context; files relative to the kubeconfig', () => {
    assert.deepEqual(loadKubeconfig({ path, context: 'sa@other' }), {
      host: 'http://other:80/prefix',
      caFile: join(dir, 'certs/ca.crt'),
      insecure: true,
      bearerTokenFile: join(dir, 'secrets/token'),
      username: 'u',
      password: 'p w',
    })
  })

  test('$KUBECONFIG is used when no path is given', () => {
    const saved = process.env['KUBECONFIG']
    process.env['KUBECONFIG'] = path
    try {
      assert.equal(loadKubeconfig().host, 'https://127.0.0.1:9090')
    } finally {
      if (saved === undefined) delete process.env['KUBECONFIG']
      else process.env['KUBECONFIG'] = saved
    }
  })

  test('a missing context is an error', () => {
    assert.throws(() => loadKubeconfig({ path, context: 'nope' }), {
      message: 'kubeconfig: context "nope" not found',
    })
  })
})
