/**
 * Decoding of `application/vnd.kubernetes.protobuf` request bodies, which client-go's typed
 * clients (so kubectl 1.32's `create configmap`, `auth can-i`, ...) send and never retry as
 * JSON. Replies stay JSON; only decoding lives here.
 *
 * Wire format: the magic `k8s\0`, then a runtime.Unknown message whose typeMeta names the kind
 * and whose `raw` is the object encoded with that kind's message (descriptors/).
 */
import { newBadRequest, quote } from '../../apimachinery/errors.js'
import { canDecodeProtobuf, messageForKind } from './kinds.js'
import { compiledMessage, type CompiledMessage } from './schema.js'
import { messageToJson } from './to-json.js'
import type { Decoded } from './well-known.js'

export { canDecodeProtobuf }

/** `k8s\0`, the first four bytes of every Kubernetes protobuf body. */
export const PROTOBUF_MAGIC: Readonly<Buffer> = Buffer.from([0x6b, 0x38, 0x73, 0x00])

export interface DecodedObject {
  apiVersion: string
  kind: string
  /** The object in its JSON form, `apiVersion` and `kind` included. */
  object: any
}

const UNKNOWN = compiledMessage('runtime.Unknown')

function decodeMessage(msg: CompiledMessage, bytes: Uint8Array, what: string): Decoded {
  try {
    return msg.type.decode(bytes) as unknown as Decoded
  } catch (err) {
    throw newBadRequest(
      `unable to decode ${what} from protobuf: ${err instanceof Error ? err.message : String(err)}`,
    )
  }
}

const goTypeMeta = (apiVersion: string, kind: string) =>
  `runtime.TypeMeta{APIVersion:${quote(apiVersion)}, Kind:${quote(kind)}}`

/**
 * Decodes a `k8s\0` + runtime.Unknown envelope into the object's JSON form: exactly what the
 * same object would look like as a JSON request body (Time as RFC 3339 `2024-05-01T10:00:00Z`,
 * IntOrString as number or string, Quantity as its string, bytes as base64, maps as objects,
 * absent optional fields and empty lists omitted).
 *
 * `defaults` fills an apiVersion or kind the envelope leaves empty (the server passes the
 * group/version/kind the request path implies, as kube-apiserver does).
 * Throws newBadRequest(...) on malformed input, a missing or unknown kind included; whether
 * a kind may be sent as protobuf at all (415) is the caller's business: see canDecodeProtobuf.
 */
export function decodeProtobufObject(
  body: Uint8Array,
  defaults?: { apiVersion?: string; kind?: string },
): DecodedObject {
  if (body.length === 0) throw newBadRequest('empty data')
  if (
    body.length < PROTOBUF_MAGIC.length ||
    !PROTOBUF_MAGIC.equals(body.subarray(0, PROTOBUF_MAGIC.length))
  ) {
    throw newBadRequest(
      `provided data does not appear to be a protobuf message, expected prefix [${[...PROTOBUF_MAGIC].join(' ')}]`,
    )
  }
  if (body.length === PROTOBUF_MAGIC.length) throw newBadRequest('empty body')

  const unknown = decodeMessage(UNKNOWN, body.subarray(PROTOBUF_MAGIC.length), 'runtime.Unknown')
  const typeMeta = (unknown.typeMeta ?? {}) as { apiVersion?: string; kind?: string }
  const apiVersion = typeMeta.apiVersion || defaults?.apiVersion || ''
  const kind = typeMeta.kind || defaults?.kind || ''
  if (!kind) {
    throw newBadRequest(
      `Object 'Kind' is missing in '${goTypeMeta(typeMeta.apiVersion ?? '', typeMeta.kind ?? '')}'`,
    )
  }
  if (!apiVersion) {
    throw newBadRequest(
      `Object 'apiVersion' is missing in '${goTypeMeta(typeMeta.apiVersion ?? '', typeMeta.kind ?? '')}'`,
    )
  }
  const name = messageForKind(apiVersion, kind)
  if (!name) {
    throw newBadRequest(
      `no kind ${quote(kind)} is registered for version ${quote(apiVersion)} in scheme "protobuf"`,
    )
  }
  const message = compiledMessage(name)
  const raw = (unknown.raw as Uint8Array | undefined) ?? new Uint8Array(0)
  const fields = messageToJson(message, decodeMessage(message, raw, kind)) as Record<string, unknown>
  return { apiVersion, kind, object: { apiVersion, kind, ...fields } }
}
