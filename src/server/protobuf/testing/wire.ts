/**
 * A hand encoder for test bodies. Tests write field numbers as literals taken from the
 * upstream generated.proto files, so a wrong number in descriptors/ makes a test fail instead
 * of being encoded and decoded by the same mistake. Test helper only.
 */
import protobuf from 'protobufjs/light.js'

/** One encoded field (tag included). */
export type Part = Uint8Array

const VARINT = 0
const LENGTH_DELIMITED = 2

const encode = (fn: (w: protobuf.Writer) => protobuf.Writer): Part => fn(protobuf.Writer.create()).finish()

/** A varint field (int32, int64, bool); negative int32/int64 use ten bytes, as in Go. */
export const num = (no: number, value: number | bigint | boolean): Part =>
  encode((w) => {
    w.uint32((no << 3) | VARINT)
    if (typeof value === 'boolean') return w.bool(value)
    return w.int64(typeof value === 'bigint' ? value.toString() : value)
  })

export const str = (no: number, value: string): Part =>
  encode((w) => w.uint32((no << 3) | LENGTH_DELIMITED).string(value))

export const raw = (no: number, value: Uint8Array): Part =>
  encode((w) => w.uint32((no << 3) | LENGTH_DELIMITED).bytes(value))

const concat = (parts: Part[]) => Buffer.concat(parts.map((p) => Buffer.from(p)))

/** An embedded message field made of `parts`. */
export const msg = (no: number, ...parts: Part[]): Part => raw(no, concat(parts))

/** One entry of a proto map field: key is field 1, value field 2. */
export const entry = (no: number, key: string, value: Part): Part => msg(no, str(1, key), value)

/** A map<string,string> entry. */
export const strEntry = (no: number, key: string, value: string): Part => entry(no, key, str(2, value))

/** The top-level message bytes made of `parts`. */
export const body = (...parts: Part[]): Buffer => concat(parts)

/** `k8s\0` + runtime.Unknown{typeMeta{apiVersion, kind}, raw}. */
export function envelope(apiVersion: string, kind: string, object: Uint8Array): Buffer {
  const unknown = body(msg(1, str(1, apiVersion), str(2, kind)), raw(2, object))
  return Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), unknown])
}
