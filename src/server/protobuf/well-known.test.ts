import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ApiError } from '../../apimachinery/errors.js'
import { decodeProtobufObject } from './decode.js'
import { body, envelope, msg, num, raw, str } from './testing/wire.js'
import { formatGoDuration } from './well-known.js'

// Field numbers below are from k8s.io/apimachinery and k8s.io/api generated.proto:
// Time/MicroTime {seconds=1, nanos=2}; IntOrString {type=1, intVal=2, strVal=3};
// Quantity {string=1}; FieldsV1 {Raw=1}; RawExtension {raw=1}.

/** metadata.creationTimestamp (ObjectMeta field 8) of a ConfigMap holding the Time `parts`. */
const creationTimestamp = (...parts: Uint8Array[]) =>
  decodeProtobufObject(envelope('v1', 'ConfigMap', body(msg(1, msg(8, ...parts))))).object.metadata
    .creationTimestamp

void describe('Time', () => {
  const cases: { name: string; parts: Uint8Array[]; expected: string | null }[] = [
    { name: 'empty message is the zero time', parts: [], expected: null },
    {
      name: 'explicit zero seconds is the epoch',
      parts: [num(1, 0), num(2, 0)],
      expected: '1970-01-01T00:00:00Z',
    },
    { name: 'whole seconds', parts: [num(1, 1714557600)], expected: '2024-05-01T10:00:00Z' },
    {
      name: 'nanos are dropped',
      parts: [num(1, 1714557600), num(2, 999_999_999)],
      expected: '2024-05-01T10:00:00Z',
    },
    { name: 'before 1970', parts: [num(1, -86400)], expected: '1969-12-31T00:00:00Z' },
    { name: 'year 1 pads to four digits', parts: [num(1, -62135596800)], expected: '0001-01-01T00:00:00Z' },
    { name: 'last second of year 9999', parts: [num(1, 253402300799)], expected: '9999-12-31T23:59:59Z' },
  ]
  for (const c of cases) void test(c.name, () => assert.equal(creationTimestamp(...c.parts), c.expected))

  void test('a year past 9999 cannot be written as JSON', () => {
    assert.throws(
      () => creationTimestamp(num(1, 253402300800)),
      (err: unknown) =>
        err instanceof ApiError && err.code === 400 && /year outside of range/.test(err.message),
    )
  })
})

void describe('MicroTime (core/v1 Event.eventTime = 10)', () => {
  const eventTime = (...parts: Uint8Array[]) =>
    decodeProtobufObject(envelope('v1', 'Event', body(msg(10, ...parts)))).object.eventTime
  const cases: { name: string; parts: Uint8Array[]; expected: string | null }[] = [
    { name: 'empty message is null', parts: [], expected: null },
    {
      name: 'six fractional digits',
      parts: [num(1, 1714557600), num(2, 123_456_789)],
      expected: '2024-05-01T10:00:00.123456Z',
    },
    {
      name: 'zero micros still printed',
      parts: [num(1, 1714557600)],
      expected: '2024-05-01T10:00:00.000000Z',
    },
    {
      name: 'nanos below a microsecond vanish',
      parts: [num(1, 0), num(2, 999)],
      expected: '1970-01-01T00:00:00.000000Z',
    },
    {
      name: 'negative nanos borrow a second',
      parts: [num(1, 10), num(2, -1500)],
      expected: '1970-01-01T00:00:09.999999Z',
    },
  ]
  for (const c of cases) void test(c.name, () => assert.equal(eventTime(...c.parts), c.expected))
})

void describe('Duration (Go time.Duration.String)', () => {
  const cases: [nanos: bigint, expected: string][] = [
    [0n, '0s'],
    [1n, '1ns'],
    [1500n, '1.5µs'],
    [1_000_000n, '1ms'],
    [150_000_000n, '150ms'],
    [1_000_000_000n, '1s'],
    [1_500_000_000n, '1.5s'],
    [60_000_000_000n, '1m0s'],
    [3_600_000_000_000n, '1h0m0s'],
    [3_723_500_000_000n, '1h2m3.5s'],
    [-90_000_000_000n, '-1m30s'],
    [100n * 3_600_000_000_000n + 1n, '100h0m0.000000001s'],
  ]
  for (const [nanos, expected] of cases)
    void test(`${nanos}ns -> ${expected}`, () => assert.equal(formatGoDuration(nanos), expected))
})

void describe('IntOrString (ServicePort.targetPort = 4)', () => {
  /** A Service with one port whose targetPort is the IntOrString `parts`. */
  const targetPort = (...parts: Uint8Array[]) =>
    decodeProtobufObject(envelope('v1', 'Service', body(msg(2, msg(1, num(3, 80), msg(4, ...parts)))))).object
      .spec.ports[0].targetPort
  const cases: { name: string; parts: Uint8Array[]; expected: number | string }[] = [
    { name: 'int form', parts: [num(1, 0), num(2, 8080), str(3, '')], expected: 8080 },
    { name: 'string form', parts: [num(1, 1), num(2, 0), str(3, 'http')], expected: 'http' },
    {
      name: 'int zero (what Go writes for an unset targetPort)',
      parts: [num(1, 0), num(2, 0), str(3, '')],
      expected: 0,
    },
    { name: 'empty message is int 0', parts: [], expected: 0 },
    { name: 'negative int', parts: [num(1, 0), num(2, -1)], expected: -1 },
  ]
  for (const c of cases) void test(c.name, () => assert.equal(targetPort(...c.parts), c.expected))

  void test('a type other than 0 or 1 is refused', () => {
    assert.throws(
      () => targetPort(num(1, 2)),
      (err: unknown) =>
        err instanceof ApiError && err.code === 400 && err.message === 'impossible IntOrString.Type',
    )
  })
})

void describe('Quantity (ResourceQuota spec.hard, map<string, Quantity>)', () => {
  /** ResourceQuota{spec{hard{cpu: <Quantity parts>}}}. */
  const hardCpu = (...parts: Uint8Array[]) =>
    decodeProtobufObject(
      envelope('v1', 'ResourceQuota', body(msg(2, msg(1, str(1, 'cpu'), msg(2, ...parts))))),
    ).object.spec.hard.cpu
  const cases: { name: string; parts: Uint8Array[]; expected: string }[] = [
    { name: 'milli', parts: [str(1, '500m')], expected: '500m' },
    { name: 'binary suffix', parts: [str(1, '1Gi')], expected: '1Gi' },
    { name: 'exponent', parts: [str(1, '1e3')], expected: '1e3' },
    { name: 'empty message is zero', parts: [], expected: '0' },
  ]
  for (const c of cases) void test(c.name, () => assert.equal(hardCpu(...c.parts), c.expected))

  void test('a string that is not a quantity is refused with the server wording', () => {
    assert.throws(
      () => hardCpu(str(1, 'lots')),
      (err: unknown) =>
        err instanceof ApiError &&
        err.code === 400 &&
        err.message ===
          "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    )
  })
})

void describe('FieldsV1 and RawExtension carry JSON', () => {
  /** ObjectMeta.managedFields (17) entry with fieldsV1 (7). */
  const fieldsV1 = (...parts: Uint8Array[]) =>
    decodeProtobufObject(
      envelope('v1', 'ConfigMap', body(msg(1, msg(17, str(1, 'kubectl'), msg(7, ...parts))))),
    ).object.metadata.managedFields[0].fieldsV1

  void test('FieldsV1 JSON is parsed', () => {
    const json = '{"f:data":{"f:a":{}}}'
    assert.deepEqual(fieldsV1(raw(1, Buffer.from(json))), { 'f:data': { 'f:a': {} } })
  })

  void test('FieldsV1 without bytes is null', () => assert.equal(fieldsV1(), null))

  void test('FieldsV1 that is not JSON is refused', () => {
    assert.throws(
      () => fieldsV1(raw(1, Buffer.from('{not json'))),
      (err: unknown) => err instanceof ApiError && err.code === 400 && /FieldsV1/.test(err.message),
    )
  })

  void test('RawExtension (ControllerRevision.data = 2) is parsed', () => {
    const revision = body(
      msg(1, str(1, 'rev')),
      msg(2, raw(1, Buffer.from('{"spec":{"replicas":3}}'))),
      num(3, 4),
    )
    const object = decodeProtobufObject(envelope('apps/v1', 'ControllerRevision', revision)).object
    assert.deepEqual(object.data, { spec: { replicas: 3 } })
    assert.equal(object.revision, 4)
  })
})
