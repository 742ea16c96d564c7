/**
 * A scripted HTTP server for SDK tests: records every request and answers from a handler.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Recorded {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: string
}

export interface Reply {
  status?: number
  headers?: Record<string, string>
  body?: string | object
}

export interface FakeServer {
  url: string
  requests: Recorded[]
  close(): Promise<void>
}

export async function fakeServer(handler: (r: Recorded, n: number) => Reply): Promise<FakeServer> {
  const requests: Recorded[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const rec = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      }
      requests.push(rec)
      const reply = handler(rec, requests.length)
      const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {})
      const headers = {
        'Content-Type': typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
        ...reply.headers,
      }
      res.writeHead(reply.status ?? 200, headers)
      res.end(body)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}
