/**
 * Reading and decoding request bodies: the 3 MiB limit, JSON, YAML and Kubernetes protobuf.
 */
import type { IncomingMessage } from 'node:http'
import { parse as yamlParse } from 'yaml'
import {
  MAX_BODY_BYTES,
  newBadRequest,
  newRequestEntityTooLarge,
  newUnsupportedMediaType,
} from '../apimachinery/errors.js'
import { isPlainObject } from '../apimachinery/meta.js'
import { parseMediaType } from './negotiation.js'
import { decodeProtobufObject } from './protobuf/decode.js'

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0')
  if (declared > limit) {
    req.resume()
    throw newRequestEntityTooLarge()
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) {
      req.resume()
      throw newRequestEntityTooLarge()
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

export const OBJECT_MEDIA_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf']
export const CR_MEDIA_TYPES = ['application/json', 'application/yaml']

export function mediaTypeOf(req: IncomingMessage): string {
  const ct = req.headers['content-type']
  return ct ? parseMediaType(ct).type : ''
}

/** JSON or YAML text to a value; what failed is told in the error. */
export function parseJsonOrYaml(text: string, yaml: boolean): unknown {
  if (yaml) {
    try {
      return yamlParse(text, { version: '1.1' })
    } catch (e) {
      throw newBadRequest(`error converting YAML to JSON: ${(e as Error).message.split('\n')[0]}`)
    }
  }
  try {
    return JSON.parse(text)
  } catch (e) {
    throw newBadRequest(`json parse error: ${(e as Error).message}`)
  }
}

/**
 * Decodes an object body. `kind` is the kind the URL expects, for error texts.
 * Protobuf is accepted only when `allowProtobuf` (built-in kinds).
 */
export function decodeObjectBody(
  body: Buffer,
  mediaType: string,
  opts: { kind: string; allowProtobuf: boolean },
): Record<string, any> {
  const accepted = opts.allowProtobuf ? OBJECT_MEDIA_TYPES : CR_MEDIA_TYPES
  let value: unknown
  switch (mediaType) {
    case '':
    case 'application/json':
    case 'application/yaml':
    case 'application/x-yaml':
    case 'text/yaml': {
      if (body.length === 0) throw newBadRequest(`the body of the request was empty`)
      const text = body.toString('utf8')
      try {
        value = parseJsonOrYaml(text, mediaType !== 'application/json' && mediaType !== '')
      } catch (e) {
        throw newBadRequest(
          `the object provided is unrecognized (must be of type ${opts.kind}): couldn't get version/kind; ${(e as Error).message}`,
        )
      }
      break
    }
    case 'application/vnd.kubernetes.protobuf':
      if (!opts.allowProtobuf) throw newUnsupportedMediaType(accepted)
      value = decodeProtobufObject(body).object
      break
    default:
      throw newUnsupportedMediaType(accepted)
  }
  if (!isPlainObject(value)) {
    throw newBadRequest(
      `the object provided is unrecognized (must be of type ${opts.kind}): couldn't get version/kind; json parse error: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
    )
  }
  return value
}
