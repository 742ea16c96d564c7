import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { fieldErrorString } from '../../../apimachinery/errors.js'
import { foldStringData, secretStrategy } from './secrets.js'
import { configMapStrategy } from './configmaps.js'

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64')

function secret(extra: any): any {
  const s: any = { metadata: { name: 's', namespace: 'default' }, ...extra }
  secretStrategy.canonicalize!(s)
  secretStrategy.defaults!(s)
  return s
}

void describe('foldStringData', () => {
  void test('merges stringData into data as base64, stringData wins, then removes it', () => {
    const s: any = { data: { a: b64('old'), b: b64('keep') }, stringData: { a: 'new', c: 'héllo' } }
    foldStringData(s)
    assert.deepEqual(s, { data: { a: b64('new'), b: b64('keep'), c: b64('héllo') } })
  })

  void test('creates data when absent and drops an empty stringData', () => {
    const s: any = { stringData: { x: 'y' } }
    foldStringData(s)
    assert.deepEqual(s, { data: { x: b64('y') } })
    const e: any = { stringData: {} }
    foldStringData(e)
    assert.deepEqual(e, {})
  })
})

void describe('secretStrategy', () => {
  void test('defaults type Opaque, idempotent', () => {
    const s = secret({})
    assert.equal(s.type, 'Opaque')
    const once = structuredClone(s)
    secretStrategy.defaults!(s)
    assert.deepEqual(s, once)
  })

  const cases: [string, any, string[]][] = [
    ['opaque with good keys', { data: { 'a.b_C-1': b64('x') } }, []],
    [
      'bad key',
      { data: { 'a b': b64('x') } },
      [
        "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      ],
    ],
    ['dot-dot key', { data: { '..x': b64('x') } }, ['data[..x]: Invalid value: "..x": must not start with \'..\'']],
    ['tls without keys', { type: 'kubernetes.io/tls' }, ['data[tls.crt]: Required value', 'data[tls.key]: Required value']],
    ['tls complete via stringData', { type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'c', 'tls.key': 'k' } }, []],
    [
      'service account token without annotation',
      { type: 'kubernetes.io/service-account-token' },
      ['metadata.annotations[kubernetes.io/service-account.name]: Required value'],
    ],
    ['dockerconfigjson missing', { type: 'kubernetes.io/dockerconfigjson' }, ['data[.dockerconfigjson]: Required value']],
    [
      'dockerconfigjson not JSON',
      { type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': 'nope' } },
      ['data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character \'o\' in literal null (expecting \'u\')'],
    ],
    [
      'dockercfg that is not JSON at all',
      { type: 'kubernetes.io/dockercfg', stringData: { '.dockercfg': '<xml/>' } },
      ['data[.dockercfg]: Invalid value: "<secret contents redacted>": invalid character \'<\' looking for beginning of value'],
    ],
    ['dockerconfigjson ok', { type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': '{"auths":{}}' } }, []],
    ['basic-auth needs one of the keys', { type: 'kubernetes.io/basic-auth' }, ['data[username]: Required value', 'data[password]: Required value']],
    ['basic-auth with an empty password', { type: 'kubernetes.io/basic-auth', data: { password: '' } }, []],
    ['ssh-auth', { type: 'kubernetes.io/ssh-auth' }, ['data[ssh-privatekey]: Required value']],
    ['too large', { data: { big: Buffer.alloc(1024 * 1024 + 1).toString('base64') } }, ['data: Too long: must have at most 1048576 bytes']],
  ]
  for (const [name, extra, want] of cases) {
    void test(`validate: ${name}`, () => assert.deepEqual(secretStrategy.validate!(secret(extra)).map(fieldErrorString), want))
  }

  void test('type is immutable; immutable secrets keep their data', () => {
    const old = secret({ type: 'Opaque', immutable: true, data: { a: b64('1') } })
    const upd = secret({ type: 'kubernetes.io/tls', immutable: false, data: { a: b64('2') } })
    assert.deepEqual(secretStrategy.validateUpdate!(upd, old).map(fieldErrorString), [
      'type: Invalid value: "kubernetes.io/tls": field is immutable',
      'immutable: Forbidden: field is immutable when `immutable` is set',
      'data: Forbidden: field is immutable when `immutable` is set',
    ])
  })

  void test('table, field selector, delete reply', () => {
    const s = secret({ type: 'kubernetes.io/tls', data: { 'tls.crt': b64('c'), 'tls.key': b64('k') } })
    s.metadata.creationTimestamp = '2024-05-01T09:59:00Z'
    assert.deepEqual(secretStrategy.table!.columns.map((c) => [c.name, c.type]), [
      ['Name', 'string'],
      ['Type', 'string'],
      ['Data', 'string'],
      ['Age', 'string'],
    ])
    assert.deepEqual(secretStrategy.table!.cells(s, Date.parse('2024-05-01T10:00:00Z')), ['s', 'kubernetes.io/tls', 2, '60s'])
    assert.deepEqual(secretStrategy.selectableFields!(s), { type: 'kubernetes.io/tls' })
    assert.equal(secretStrategy.returnDeletedObject, undefined)
  })
})

void describe('configMapStrategy', () => {
  const cases: [string, any, string[]][] = [
    ['ok', { data: { a: '1' }, binaryData: { b: b64('2') } }, []],
    ['same key in data and binaryData', { data: { a: '1' }, binaryData: { a: b64('2') } }, ['data[a]: Invalid value: "a": duplicate of key present in binaryData']],
    ['bad binary key', { binaryData: { '.': b64('x') } }, ['binaryData[.]: Invalid value: ".": must not be \'.\'']],
    ['too large', { data: { a: 'x'.repeat(1024 * 1024), b: 'y' } }, [': Too long: must have at most 1048576 bytes']],
  ]
  for (const [name, cm, want] of cases) {
    void test(`validate: ${name}`, () => assert.deepEqual(configMapStrategy.validate!(cm).map(fieldErrorString), want))
  }

  void test('immutable config maps keep data and binaryData', () => {
    const old = { immutable: true, data: { a: '1' } }
    assert.deepEqual(configMapStrategy.validateUpdate!({ immutable: true, data: { a: '2' } }, old).map(fieldErrorString), [
      'data: Forbidden: field is immutable when `immutable` is set',
    ])
    assert.deepEqual(configMapStrategy.validateUpdate!({ immutable: true, data: { a: '1' } }, old), [])
  })

  void test('table counts data and binaryData keys', () => {
    const cm = { metadata: { name: 'c' }, data: { a: '1', b: '2' }, binaryData: { c: '' } }
    assert.deepEqual(configMapStrategy.table!.cells(cm, 0), ['c', 3, '<unknown>'])
    assert.deepEqual(configMapStrategy.info.shortNames, ['cm'])
  })
})
