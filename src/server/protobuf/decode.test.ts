import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { ApiError } from '../../apimachinery/errors.js'
import { canDecodeProtobuf, decodeProtobufObject } from './decode.js'
import { KUBECTL_CASES } from './testing/kubectl-cases.js'
import { body, envelope, msg, num, raw, str } from './testing/wire.js'

const testdata = (name: string) => new URL(`./testdata/${name}`, import.meta.url)

void describe('bodies recorded from kubectl 1.32', () => {
  for (const c of KUBECTL_CASES) {
    void test(`${c.fixture}: kubectl ${c.args.join(' ')}`, () => {
      const expected = JSON.parse(readFileSync(testdata(`${c.fixture}.json`), 'utf8'))
      const decoded = decodeProtobufObject(readFileSync(testdata(`${c.fixture}.pb`)))
      assert.deepEqual(decoded.object, expected)
      assert.equal(decoded.apiVersion, expected.apiVersion)
      assert.equal(decoded.kind, expected.kind)
    })
  }
})

/** Asserts `fn` throws a 400 BadRequest ApiError whose message matches. */
function assertBadRequest(fn: () => unknown, message: string | RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ApiError, `not an ApiError: ${String(err)}`)
    assert.equal(err.code, 400)
    assert.equal(err.reason, 'BadRequest')
    if (typeof message === 'string') assert.equal(err.message, message)
    else assert.match(err.message, message)
    return true
  })
}

const MAGIC = Buffer.from('k8s\0', 'latin1')

void describe('envelope errors', () => {
  const cases: { name: string; input: Buffer; message: string | RegExp }[] = [
    { name: 'empty body', input: Buffer.alloc(0), message: 'empty data' },
    {
      name: 'JSON instead of protobuf',
      input: Buffer.from('{"kind":"ConfigMap"}'),
      message: 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    },
    {
      name: 'shorter than the magic',
      input: Buffer.from('k8s'),
      message: 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    },
    { name: 'magic only', input: MAGIC, message: 'empty body' },
    {
      name: 'truncated runtime.Unknown',
      input: Buffer.concat([MAGIC, Buffer.from([0x0a, 0x20, 0x0a])]),
      message: /^unable to decode runtime\.Unknown from protobuf: /,
    },
    {
      name: 'no kind',
      input: Buffer.concat([MAGIC, body(msg(1, str(1, 'v1')))]),
      message: `Object 'Kind' is missing in 'runtime.TypeMeta{APIVersion:"v1", Kind:""}'`,
    },
    {
      name: 'no apiVersion',
      input: Buffer.concat([MAGIC, body(msg(1, str(2, 'ConfigMap')))]),
      message: `Object 'apiVersion' is missing in 'runtime.TypeMeta{APIVersion:"", Kind:"ConfigMap"}'`,
    },
    {
      name: 'kind without a message here',
      input: envelope('example.com/v1', 'Widget', new Uint8Array()),
      message: 'no kind "Widget" is registered for version "example.com/v1" in scheme "protobuf"',
    },
    {
      name: 'object bytes cut short',
      input: envelope('v1', 'ConfigMap', Buffer.from([0x0a, 0x05, 0x0a, 0x03, 0x63])),
      message: /^unable to decode ConfigMap from protobuf: /,
    },
  ]
  for (const c of cases)
    void test(c.name, () => assertBadRequest(() => decodeProtobufObject(c.input), c.message))
})

void describe('envelope', () => {
  void test('an empty raw is the bare object', () => {
    assert.deepEqual(decodeProtobufObject(envelope('v1', 'Namespace', new Uint8Array())).object, {
      apiVersion: 'v1',
      kind: 'Namespace',
    })
  })

  void test('defaults fill an empty apiVersion and kind, as the request path would', () => {
    const input = Buffer.concat([MAGIC, body(raw(2, body(msg(1, str(1, 'cm')))))])
    const decoded = decodeProtobufObject(input, { apiVersion: 'v1', kind: 'ConfigMap' })
    assert.deepEqual(decoded, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } },
    })
  })

  void test("the envelope's own kind wins over the defaults", () => {
    const decoded = decodeProtobufObject(envelope('v1', 'Secret', new Uint8Array()), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
    })
    assert.equal(decoded.kind, 'Secret')
  })

  void test('contentType and contentEncoding of the envelope are ignored, as kube-apiserver does', () => {
    const unknown = body(
      msg(1, str(1, 'v1'), str(2, 'ConfigMap')),
      raw(2, body(msg(1, str(1, 'x')))),
      str(3, ''),
      str(4, ''),
    )
    const decoded = decodeProtobufObject(Buffer.concat([MAGIC, unknown]))
    assert.deepEqual(decoded.object.metadata, { name: 'x' })
  })

  void test('unknown fields of the object are skipped', () => {
    const object = body(msg(1, str(1, 'cm')), num(99, 7), str(98, 'future'))
    assert.deepEqual(decodeProtobufObject(envelope('v1', 'ConfigMap', object)).object.metadata, {
      name: 'cm',
    })
  })

  void test('DeleteOptions decode under any served group version and meta.k8s.io/v1', () => {
    const options = body(num(1, 0), str(4, 'Foreground'), str(5, 'All'))
    for (const apiVersion of ['v1', 'apps/v1', 'meta.k8s.io/v1']) {
      assert.deepEqual(decodeProtobufObject(envelope(apiVersion, 'DeleteOptions', options)).object, {
        apiVersion,
        kind: 'DeleteOptions',
        gracePeriodSeconds: 0,
        propagationPolicy: 'Foreground',
        dryRun: ['All'],
      })
    }
  })
})

void describe('canDecodeProtobuf', () => {
  const cases: [apiVersion: string, kind: string, expected: boolean][] = [
    ['v1', 'ConfigMap', true],
    ['v1', 'Pod', true],
    ['v1', 'ResourceQuota', true],
    ['apps/v1', 'Deployment', true],
    ['batch/v1', 'CronJob', true],
    ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', true],
    ['authorization.k8s.io/v1', 'LocalSubjectAccessReview', true],
    ['authentication.k8s.io/v1', 'TokenRequest', true],
    ['policy/v1', 'Eviction', true],
    ['networking.k8s.io/v1', 'Ingress', true],
    ['meta.k8s.io/v1', 'DeleteOptions', true],
    ['batch/v1', 'DeleteOptions', true],
    ['v1', 'Deployment', false],
    ['apps/v1beta1', 'Deployment', false],
    ['example.com/v1', 'Widget', false],
    ['example.com/v1', 'DeleteOptions', false],
    ['v1', 'toString', false],
    ['v1', '', false],
  ]
  for (const [apiVersion, kind, expected] of cases) {
    void test(`${apiVersion} ${kind || '(empty)'} -> ${expected}`, () =>
      assert.equal(canDecodeProtobuf(apiVersion, kind), expected))
  }
})

void describe('malformed input never escapes as anything but a 400', () => {
  /** A fixed pseudo-random sequence, so a failure is reproducible. */
  let seed = 42
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const fixtures = readdirSync(new URL('./testdata/', import.meta.url)).filter((f) => f.endsWith('.pb'))

  for (const fixture of fixtures) {
    void test(`${fixture}: every truncation and 300 random byte changes`, () => {
      const original = readFileSync(testdata(fixture))
      const inputs = Array.from({ length: original.length }, (_, i) => original.subarray(0, i))
      for (let k = 0; k < 300; k++) {
        const changed = Buffer.from(original)
        changed[4 + Math.floor(random() * (changed.length - 4))] = Math.floor(random() * 256)
        inputs.push(changed)
      }
      for (const input of inputs) {
        try {
          decodeProtobufObject(input)
        } catch (err) {
          assert.ok(err instanceof ApiError && err.code === 400, `${input.toString('hex')}: ${String(err)}`)
        }
      }
    })
  }
})
