/**
 * Serialized documents and how they are written: ETag (uppercase hex SHA-512 of the bytes, quoted),
 * Last-Modified, `If-None-Match` → 304, HEAD without a body, and gzip for clients that accept it
 * (the compressed bytes are memoized with the representation).
 */
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { gzipSync } from 'node:zlib'
import { parseAccept } from '../negotiation.js'

export interface Representation {
  body: Buffer
  /** Uppercase hex SHA-512 of `body` (unquoted). */
  hash: string
  lastModified: Date
  gzipped?: Buffer
}

export function representation(body: Buffer | Uint8Array | string, lastModified: Date): Representation {
  const bytes =
    typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  return { body: bytes, hash: createHash('sha512').update(bytes).digest('hex').toUpperCase(), lastModified }
}

const GZIP_MIN_BYTES = 1024

function acceptsGzip(req: IncomingMessage): boolean {
  return parseAccept(req.headers['accept-encoding']).some((r) => r.type === 'gzip' || r.type === '*')
}

function notModified(req: IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match']
  if (!header) return false
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '')
    return tag === etag || tag === '*'
  })
}

/** Writes a representation as 200 (or 304), with `headers` added. */
export function writeRepresentation(
  req: IncomingMessage,
  res: ServerResponse,
  rep: Representation,
  contentType: string,
  headers: Record<string, string> = {},
  etag: string = rep.hash,
): void {
  const quoted = `"${etag}"`
  const common: Record<string, string> = {
    ETag: quoted,
    'Last-Modified': rep.lastModified.toUTCString(),
    ...headers,
  }
  if (notModified(req, quoted)) {
    res.writeHead(304, common)
    res.end()
    return
  }
  let body = rep.body
  const out: Record<string, string | number> = { 'Content-Type': contentType, ...common }
  if (rep.body.length >= GZIP_MIN_BYTES) {
    out.Vary = [common.Vary, 'Accept-Encoding'].filter(Boolean).join(', ')
    if (acceptsGzip(req)) {
      rep.gzipped ??= gzipSync(rep.body)
      body = rep.gzipped
      out['Content-Encoding'] = 'gzip'
    }
  }
  out['Content-Length'] = body.length
  res.writeHead(200, out)
  res.end(req.method === 'HEAD' ? undefined : body)
}
