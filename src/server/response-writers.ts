/**
 * The only place errors become bytes, and the writers for objects, tables and watch events.
 */
import type { ServerResponse } from 'node:http'
import { stringify as yamlStringify } from 'yaml'
import { ApiError, newInternalError, type Status } from '../apimachinery/errors.js'
import type { Negotiated } from './negotiation.js'
import { logger } from '../observability/logger.js'

export type Response = ServerResponse

export function toYaml(obj: unknown): string {
  return yamlStringify(obj, { version: '1.1', lineWidth: 0 })
}

function contentTypeFor(neg: Negotiated | undefined): string {
  if (neg?.format === 'yaml') return 'application/yaml'
  if (neg?.table) return `application/json;as=Table;v=${neg.table};g=meta.k8s.io`
  if (neg?.discovery) return `application/json;g=apidiscovery.k8s.io;v=${neg.discovery};as=APIGroupDiscoveryList`
  return 'application/json'
}

/** Writes an already serialized JSON body (the cache keeps serializations of stored objects). */
export function writeJsonText(res: Response, code: number, json: string, headers?: Record<string, string | string[]>): void {
  if (res.headersSent) return
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json), ...headers })
  res.end(json)
}

export function writeObject(
  res: Response,
  code: number,
  obj: unknown,
  neg?: Negotiated,
  opts: { pretty?: boolean; headers?: Record<string, string | string[]> } = {},
): void {
  if (res.headersSent) return
  let body: string
  if (neg?.format === 'yaml') body = toYaml(obj)
  else body = opts.pretty ? JSON.stringify(obj, null, 2) + '\n' : JSON.stringify(obj)
  res.writeHead(code, {
    'Content-Type': contentTypeFor(neg),
    'Content-Length': Buffer.byteLength(body),
    ...opts.headers,
  })
  res.end(body)
}

export function statusOf(err: unknown, requestId?: string): Status {
  if (err instanceof ApiError) return err.status
  logger.error({ err, requestId }, 'unexpected error while serving a request')
  return newInternalError(err).status
}

/** Turns any thrown value into a Status reply; non-ApiErrors are logged and become 500. */
export function writeStatus(res: Response, err: unknown, neg?: Negotiated, requestId?: string): void {
  const status = statusOf(err, requestId)
  if (res.headersSent) {
    // A stream already started (watch); nothing sensible can be written but the end.
    res.end()
    return
  }
  const headers: Record<string, string> = {}
  const retry = status.details?.retryAfterSeconds
  if (retry && [429, 503, 504].includes(status.code)) headers['Retry-After'] = String(retry)
  const n = neg && !neg.table && !neg.discovery ? neg : { format: 'json' as const }
  writeObject(res, status.code, status, n, { headers })
}

export function writePlain(res: Response, code: number, text: string, headers?: Record<string, string>): void {
  if (res.headersSent) return
  res.writeHead(code, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  })
  res.end(text)
}
