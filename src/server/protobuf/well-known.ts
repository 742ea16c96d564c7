/**
 * JSON forms of the apimachinery types whose wire message differs from their JSON shape
 * (Time, MicroTime, Duration, IntOrString, Quantity, FieldsV1, RawExtension). Each converter
 * takes the message as protobufjs decoded it: a field is an own property only when it was on
 * the wire, which is how an empty Time (Go's zero time, JSON `null`) is told apart from the epoch.
 */
import { newBadRequest } from '../../apimachinery/errors.js'

/** A decoded message: own properties are the fields that were present. */
export type Decoded = Record<string, unknown>

type Long = { toNumber(): number; toString(): string }

const has = (m: Decoded, field: string) => Object.prototype.hasOwnProperty.call(m, field)

/** int64 values arrive as Long objects (protobufjs uses the `long` package when present). */
export function int64ToNumber(v: unknown): number {
  return typeof v === 'number' ? v : (v as Long).toNumber()
}

function int64ToBigInt(v: unknown): bigint {
  return typeof v === 'number' ? BigInt(v) : BigInt((v as Long).toString())
}

const pad = (n: number, width: number) => String(n).padStart(width, '0')

/** `YYYY-MM-DDTHH:MM:SS` in UTC; Go refuses to write years outside 0..9999 as JSON. */
function formatUtcSeconds(seconds: number): string {
  const d = new Date(seconds * 1000)
  const year = d.getUTCFullYear()
  if (!Number.isFinite(seconds) || Number.isNaN(d.getTime()) || year < 0 || year > 9999) {
    throw newBadRequest('Time.MarshalJSON: year outside of range [0,9999]')
  }
  return (
    `${pad(year, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}` +
    `T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`
  )
}

/** meta/v1 Time: RFC 3339 in UTC, whole seconds (the server drops nanos when decoding). */
export function timeToJson(m: Decoded): string | null {
  if (!has(m, 'seconds') && !has(m, 'nanos')) return null
  return `${formatUtcSeconds(int64ToNumber(m.seconds ?? 0))}Z`
}

/** meta/v1 MicroTime: RFC 3339 in UTC with exactly six fractional digits. */
export function microTimeToJson(m: Decoded): string | null {
  if (!has(m, 'seconds') && !has(m, 'nanos')) return null
  // The server truncates nanos toward zero to whole microseconds, then (time.Unix) carries
  // anything outside [0, 1s) into the seconds.
  const truncated = Math.trunc(Number(m.nanos ?? 0) / 1000) * 1000
  const carry = Math.floor(truncated / 1e9)
  const micros = (truncated - carry * 1e9) / 1000
  return `${formatUtcSeconds(int64ToNumber(m.seconds ?? 0) + carry)}.${pad(micros, 6)}Z`
}

/** Nanoseconds as Go's time.Duration.String() prints them: `1h2m3.5s`, `150ms`, `0s`. */
export function formatGoDuration(nanos: bigint): string {
  if (nanos === 0n) return '0s'
  const sign = nanos < 0n ? '-' : ''
  const abs = nanos < 0n ? -nanos : nanos
  const fraction = (value: bigint, unit: bigint): string => {
    const whole = value / unit
    const rest = (value % unit)
      .toString()
      .padStart(unit.toString().length - 1, '0')
      .replace(/0+$/, '')
    return rest ? `${whole}.${rest}` : `${whole}`
  }
  if (abs < 1000n) return `${sign}${abs}ns`
  if (abs < 1_000_000n) return `${sign}${fraction(abs, 1000n)}µs`
  if (abs < 1_000_000_000n) return `${sign}${fraction(abs, 1_000_000n)}ms`
  const second = 1_000_000_000n
  const hours = abs / (3600n * second)
  const minutes = (abs / (60n * second)) % 60n
  const seconds = fraction(abs % (60n * second), second)
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}s`
  if (minutes > 0n) return `${sign}${minutes}m${seconds}s`
  return `${sign}${seconds}s`
}

/** meta/v1 Duration: `{duration: int64 nanoseconds}` -> Go duration string. */
export function durationToJson(m: Decoded): string {
  return formatGoDuration(has(m, 'duration') ? int64ToBigInt(m.duration) : 0n)
}

/** intstr IntOrString: `{type: 0 = int | 1 = string, intVal, strVal}` -> number or string. */
export function intOrStringToJson(m: Decoded): number | string {
  const type = has(m, 'type') ? int64ToNumber(m.type) : 0
  if (type === 0) return has(m, 'intVal') ? Number(m.intVal) : 0
  if (type === 1) return has(m, 'strVal') ? String(m.strVal) : ''
  throw newBadRequest('impossible IntOrString.Type')
}

/** The shape resource.ParseQuantity accepts at first glance; its error text when it does not. */
const QUANTITY_SHAPE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/

/** resource Quantity: `{string}` -> the string; an empty message is the zero quantity "0". */
export function quantityToJson(m: Decoded): string {
  if (!has(m, 'string')) return '0'
  const s = String(m.string)
  if (!QUANTITY_SHAPE.test(s)) {
    throw newBadRequest(`quantities must match the regular expression '${QUANTITY_SHAPE.source}'`)
  }
  return s
}

/**
 * FieldsV1 (`Raw`) and RawExtension (`raw`) carry JSON bytes that are written out verbatim in
 * the JSON form; absent or empty bytes are JSON `null`.
 */
export function rawJsonToJson(m: Decoded, field: 'Raw' | 'raw'): unknown {
  const raw = m[field]
  if (!has(m, field) || !(raw instanceof Uint8Array) || raw.length === 0) return null
  try {
    return JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.length).toString('utf8'))
  } catch {
    throw newBadRequest(`${field === 'Raw' ? 'FieldsV1' : 'RawExtension'} does not hold valid JSON`)
  }
}

/** `[]byte` is base64 (standard alphabet, padded) in JSON, as Go's encoding/json writes it. */
export function bytesToBase64(v: unknown): string {
  // protobufjs hands out Uint8Array views, or a plain empty array as a map entry's default.
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.length).toString('base64')
  return Buffer.from(v as number[]).toString('base64')
}

/** Converters keyed by our message name (see descriptor.ts). */
export const WELL_KNOWN: Readonly<Partial<Record<string, (m: Decoded) => unknown>>> = {
  'meta.v1.Time': timeToJson,
  'meta.v1.MicroTime': microTimeToJson,
  'meta.v1.Duration': durationToJson,
  'meta.v1.FieldsV1': (m) => rawJsonToJson(m, 'Raw'),
  'runtime.RawExtension': (m) => rawJsonToJson(m, 'raw'),
  'intstr.IntOrString': intOrStringToJson,
  'resource.Quantity': quantityToJson,
}
