/**
 * The OAuth endpoints' own response writers (auth.md §5.1): RFC 6749 error JSON
 * `{"error": ..., "error_description": ...}` rather than a Kubernetes Status, JSON bodies
 * indented by one space as upstream's go-restful writes them, and plain-text errors for the
 * routes that answer that way.
 */
import type { ServerResponse } from 'node:http'

export const OAUTH_ERROR_CODES = [
  'invalid_client',
  'invalid_request',
  'invalid_grant',
  'unsupported_grant_type',
  'unsupported_response_type',
  'unauthorized_client',
  'invalid_scope',
  'login_required',
  'interaction_required',
  'server_error',
] as const
export type OAuthErrorCode = (typeof OAUTH_ERROR_CODES)[number]

export const SERVER_ERROR_DESCRIPTION = 'An internal server error occurred while processing the request.'

/** Thrown by OAuth handlers; the router writes it as error JSON with `status`. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: OAuthErrorCode,
    readonly description = '',
  ) {
    super(description || error)
    this.name = 'OAuthError'
  }
}

/** A plain-text failure of the routes that do not speak OAuth error JSON. */
export class PlainError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Handler errors end with a newline; the router's own (404, 405, 415) do not. */
    readonly newline = true,
  ) {
    super(message)
    this.name = 'PlainError'
  }

  get body(): string {
    return this.newline ? `${this.message}\n` : this.message
  }
}

/** The token endpoint's responses must never be cached (RFC 6749 §5.1). */
export const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const

export function writeJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return
  const text = JSON.stringify(body, null, 1)
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers })
  res.end(text)
}

export function writeOAuthError(res: ServerResponse, e: OAuthError, headers: Record<string, string> = {}): void {
  writeJson(res, e.status, e.description ? { error: e.error, error_description: e.description } : { error: e.error }, headers)
}

export function writeText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers })
  res.end(text)
}

export function redirect(res: ServerResponse, location: string): void {
  if (res.headersSent) return
  res.writeHead(302, { Location: location, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 0 })
  res.end()
}

/** `k=v&...` with keys sorted, as Go's url.Values.Encode writes a query. */
export function encodeSorted(params: Record<string, string>): string {
  const q = new URLSearchParams()
  for (const k of Object.keys(params).sort()) q.set(k, params[k])
  return q.toString()
}
