/**
 * Request bodies and replies of /kapis handlers. Bodies are JSON (KubeSphere's routes consume
 * JSON; merge-patch media types carry JSON too); YAML is accepted as a convenience. Every error
 * is an ApiError, written as a Kubernetes Status by the chain.
 */
import type { ServerResponse } from 'node:http'
import { newBadRequest, newUnsupportedMediaType } from '../apimachinery/errors.js'
import { isPlainObject } from '../apimachinery/meta.js'
import { mediaTypeOf, parseJsonOrYaml, readBody } from '../server/body.js'
import { writeObject } from '../server/response-writers.js'
import type { KapisRequest } from './route.js'

export const JSON_TYPES = ['application/json', 'application/merge-patch+json', 'application/json-patch+json']
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml']

/** The parsed body; `empty` is what an absent body means (else 400). */
export async function readJson(r: KapisRequest, empty?: unknown): Promise<unknown> {
  const type = mediaTypeOf(r.req)
  const yaml = YAML_TYPES.includes(type)
  if (type !== '' && !yaml && !JSON_TYPES.includes(type))
    throw newUnsupportedMediaType([...JSON_TYPES, ...YAML_TYPES])
  const body = await readBody(r.req)
  if (body.length === 0) {
    if (empty !== undefined) return empty
    throw newBadRequest('the body of the request was empty')
  }
  return parseJsonOrYaml(body.toString('utf8'), yaml)
}

/** A body that must be a JSON object. */
export async function readObject(r: KapisRequest, what: string): Promise<Record<string, any>> {
  const value = await readJson(r)
  if (!isPlainObject(value)) throw newBadRequest(`the body must be a JSON object (${what})`)
  return value
}

/** A body that must be a JSON array. */
export async function readArray(r: KapisRequest, what: string): Promise<unknown[]> {
  const value = await readJson(r)
  if (!Array.isArray(value)) throw newBadRequest(`the body must be a JSON array (${what})`)
  return value
}

export function writeJson(res: ServerResponse, value: unknown, code = 200): void {
  writeObject(res, code, value)
}

/** `{"message":"success"}`, the answer of deletes and some updates. */
export function writeSuccess(res: ServerResponse): void {
  writeObject(res, 200, { message: 'success' })
}

/** A required string field of a body. */
export function stringField(obj: Record<string, any>, field: string): string {
  const v = obj[field]
  if (typeof v !== 'string' || v === '') throw newBadRequest(`${field} is required`)
  return v
}
