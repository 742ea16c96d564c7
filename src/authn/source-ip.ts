/**
 * The client address a LoginRecord names (auth.md §7.1): the first non-empty of X-Client-IP,
 * X-Real-IP, X-Forwarded-For (taken whole), else the peer address; `::1` reads as 127.0.0.1.
 */
import type { IncomingMessage } from 'node:http'

const HEADERS = ['x-client-ip', 'x-real-ip', 'x-forwarded-for'] as const

export function sourceIP(req: IncomingMessage): string {
  for (const h of HEADERS) {
    const v = req.headers[h]
    const s = Array.isArray(v) ? v.join(', ') : v
    if (s) return s
  }
  const peer = req.socket?.remoteAddress ?? ''
  if (peer === '::1') return '127.0.0.1'
  return peer.startsWith('::ffff:') ? peer.slice(7) : peer
}

export function userAgent(req: IncomingMessage): string | undefined {
  const ua = req.headers['user-agent']
  return ua ? ua : undefined
}
