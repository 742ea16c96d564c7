/**
 * One HTTP exchange over node:http or node:https, with the TLS settings of a RestConfig (CA
 * from caData or caFile, client certificate, server name, insecure). Answers the status, the
 * headers and the whole body; only transport failures reject.
 */
import { readFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import type { RestConfig } from './config.js'

export interface RawResponse {
  statusCode: number
  headers: http.IncomingHttpHeaders
  body: Buffer
}

export interface RawRequest {
  method: string
  url: URL
  headers: Record<string, string>
  body?: Buffer
  timeoutMs?: number
  signal?: AbortSignal
}

export class Transport {
  private readonly agent: http.Agent

  constructor(config: RestConfig) {
    const url = new URL(config.host)
    if (url.protocol === 'https:') {
      const ca = config.caData ?? (config.caFile ? readFileSync(config.caFile) : undefined)
      this.agent = new https.Agent({
        keepAlive: true,
        ...(ca ? { ca } : {}),
        ...(config.certData ? { cert: config.certData } : {}),
        ...(config.keyData ? { key: config.keyData } : {}),
        ...(config.tlsServerName ? { servername: config.tlsServerName } : {}),
        rejectUnauthorized: !config.insecure,
      })
    } else if (url.protocol === 'http:') {
      this.agent = new http.Agent({ keepAlive: true })
    } else {
      throw new Error(`unsupported scheme in host ${JSON.stringify(config.host)}`)
    }
  }

  send(req: RawRequest): Promise<RawResponse> {
    const mod = req.url.protocol === 'https:' ? https : http
    return new Promise((resolve, reject) => {
      const r = mod.request(
        req.url,
        {
          method: req.method,
          headers: req.headers,
          agent: this.agent,
          timeout: req.timeoutMs || undefined,
          signal: req.signal,
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () =>
            resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          )
          res.on('error', reject)
        },
      )
      r.on('timeout', () =>
        r.destroy(new Error(`request to ${req.url.href} timed out after ${req.timeoutMs}ms`)),
      )
      r.on('error', reject)
      r.end(req.body)
    })
  }

  close(): void {
    this.agent.destroy()
  }
}
