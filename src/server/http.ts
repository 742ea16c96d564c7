/**
 * Listening: plain HTTP/1.1, or TLS with HTTP/2 (ALPN h2) and HTTP/1.1 as kubectl negotiates.
 */
import { createServer as createHttpServer, type Server } from 'node:http'
import { createSecureServer, type Http2SecureServer } from 'node:http2'
import type { AddressInfo } from 'node:net'
import type { Handler } from './chain.js'

export interface ListenOptions {
  host: string
  port: number
  tls?: { cert: string | Buffer; key: string | Buffer }
}

export interface Listening {
  port: number
  url: string
  close(): Promise<void>
}

export async function listen(handler: Handler, opts: ListenOptions): Promise<Listening> {
  let server: Server | Http2SecureServer
  if (opts.tls) {
    server = createSecureServer({ cert: opts.tls.cert, key: opts.tls.key, allowHTTP1: true }, handler as any)
  } else {
    const s = createHttpServer({ keepAliveTimeout: 65_000 }, handler)
    s.requestTimeout = 0 // watches are long-lived; the chain bounds them
    server = s
  }
  const sockets = new Set<import('node:net').Socket>()
  server.on('connection', (s: import('node:net').Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  server.on('secureConnection', (s: import('node:net').Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host
  return {
    port,
    url: `${opts.tls ? 'https' : 'http'}://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const s of sockets) s.destroy()
      }),
  }
}
