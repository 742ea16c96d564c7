/**
 * Listening. One port serves both plain HTTP/1.1 and TLS (HTTP/2 via ALPN h2, or HTTP/1.1):
 * the first byte of a connection tells them apart (0x16 starts a TLS handshake). Plain HTTP is
 * what KubeSphere serves inside a cluster and what curl examples use; TLS is what kubectl needs,
 * because client-go sends credentials only over TLS.
 */
import { createServer as createHttpServer } from 'node:http'
import { createSecureServer } from 'node:http2'
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net'
import type { Handler } from './chain.js'

export interface ListenOptions {
  host: string
  port: number
  /** Without it only plain HTTP is served. */
  tls?: { cert: string | Buffer; key: string | Buffer }
}

export interface Listening {
  port: number
  /** http://host:port */
  url: string
  /** https://host:port when TLS is served. */
  secureUrl?: string
  close(): Promise<void>
}

const TLS_HANDSHAKE = 0x16

export async function listen(handler: Handler, opts: ListenOptions): Promise<Listening> {
  const plain = createHttpServer({ keepAliveTimeout: 65_000 }, handler)
  plain.requestTimeout = 0 // watches are long-lived; the handlers bound them
  const secure = opts.tls
    ? createSecureServer({ cert: opts.tls.cert, key: opts.tls.key, allowHTTP1: true }, handler as any)
    : undefined
  const sockets = new Set<Socket>()
  const server = createNetServer({ noDelay: true, keepAlive: true }, (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
    socket.once('data', (first: Buffer) => {
      socket.pause()
      socket.unshift(first)
      const target = secure && first[0] === TLS_HANDSHAKE ? secure : plain
      target.emit('connection', socket)
      process.nextTick(() => socket.resume())
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host
  return {
    port,
    url: `http://${host}:${port}`,
    secureUrl: secure ? `https://${host}:${port}` : undefined,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        plain.close()
        secure?.close()
        for (const s of sockets) s.destroy()
      }),
  }
}
