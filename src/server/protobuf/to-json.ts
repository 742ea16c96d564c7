/**
 * Turns a message decoded by protobufjs into the object a JSON request body would carry.
 *
 * Rules (why): the Go encoder writes every non-pointer field, set or not, so presence on the
 * wire says little; what the JSON form shows is what Go's encoding/json would print for the
 * decoded struct. Hence: scalars without the `keep` flag are dropped when zero (Go
 * `omitempty`), pointer scalars are kept even when zero, embedded messages are shown whenever
 * present (an empty struct is `{}`), empty lists and maps are left out, map keys are sorted
 * (Go prints maps sorted), and `inline` messages merge their fields into the parent.
 */
import { newBadRequest } from '../../apimachinery/errors.js'
import {
  compiledMessage,
  type CompiledField,
  type CompiledMessage,
  type Scalar,
  type ValueType,
} from './schema.js'
import { bytesToBase64, int64ToNumber, type Decoded } from './well-known.js'

function scalarToJson(type: Scalar, v: unknown): unknown {
  switch (type) {
    case 'int64':
    case 'uint64':
      return int64ToNumber(v)
    case 'bytes':
      return bytesToBase64(v)
    default:
      return v
  }
}

const isZero = (v: unknown) => v === '' || v === 0 || v === false

/** The zero value a map entry without a value field stands for (protobufjs leaves it null). */
const ZERO: Record<Scalar, unknown> = {
  string: '',
  bool: false,
  int32: 0,
  int64: 0,
  uint32: 0,
  uint64: 0,
  double: 0,
  float: 0,
  bytes: new Uint8Array(0),
}

function valueToJson(value: ValueType, v: unknown): unknown {
  if ('scalar' in value) return scalarToJson(value.scalar, v ?? ZERO[value.scalar])
  return messageToJson(compiledMessage(value.message), (v ?? {}) as Decoded)
}

function setField(out: Record<string, unknown>, f: CompiledField, v: unknown): void {
  if (f.shape === 'repeated') {
    const list = v as unknown[]
    if (list.length) out[f.key] = list.map((item) => valueToJson(f.value, item))
    return
  }
  if (f.shape === 'map') {
    const keys = Object.keys(v as object).sort()
    // fromEntries defines own properties, so a wire key such as `__proto__` stays a plain key.
    if (keys.length) {
      out[f.key] = Object.fromEntries(
        keys.map((k) => [k, valueToJson(f.value, (v as Record<string, unknown>)[k])]),
      )
    }
    return
  }
  const json = valueToJson(f.value, v)
  if (f.flag === 'inline') {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      throw newBadRequest(`inline field ${f.key} does not decode to an object`)
    }
    Object.assign(out, json)
    return
  }
  if ('scalar' in f.value && f.flag !== 'keep' && isZero(json)) return
  out[f.key] = json
}

/** The JSON form of one decoded message (an object, or a well-known type's value). */
export function messageToJson(msg: CompiledMessage, decoded: Decoded): unknown {
  if (msg.wellKnown) return msg.wellKnown(decoded)
  if (msg.listWrapper) {
    const items = msg.fields.find((f) => f.key === 'items')!
    return ((decoded.items as unknown[] | undefined) ?? []).map((v) => valueToJson(items.value, v))
  }
  const out: Record<string, unknown> = {}
  for (const f of msg.fields) {
    if (Object.prototype.hasOwnProperty.call(decoded, f.key)) setField(out, f, decoded[f.key])
  }
  return out
}
