/**
 * Request plumbing of the OAuth routes: method checks and form bodies. POSTs must be
 * `application/x-www-form-urlencoded` (parameters allowed); parameters come from the body only.
 */
import type { IncomingMessage } from 'node:http'
import { readBody } from '../../server/body.js'
import { PlainError } from './respond.js'

const FORM_BODY_LIMIT = 64 * 1024

export const methodNotAllowed = () => new PlainError(405, '405: Method Not Allowed', false)
export const unsupportedMediaType = () => new PlainError(415, '415: Unsupported Media Type', false)

export function requireMethod(req: IncomingMessage, ...methods: string[]): void {
  if (!methods.includes(req.method ?? 'GET')) throw methodNotAllowed()
}

export function isFormContentType(req: IncomingMessage): boolean {
  const ct = req.headers['content-type'] ?? ''
  return ct.split(';')[0].trim().toLowerCase() === 'application/x-www-form-urlencoded'
}

/** The form parameters of a POST body; 415 for any other content type. */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  if (!isFormContentType(req)) {
    req.resume()
    throw unsupportedMediaType()
  }
  let body: Buffer
  try {
    body = await readBody(req, FORM_BODY_LIMIT)
  } catch {
    throw new PlainError(413, '413: Request Entity Too Large', false)
  }
  return new URLSearchParams(body.toString('utf8'))
}
