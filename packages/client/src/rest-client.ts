/**
 * RESTClient: requests against one server with one identity. Each request carries
 * `Authorization: Bearer <token>` (the token re-read from bearerTokenFile as it changes; basic
 * credentials when there is no token) and the configured User-Agent, and adds no Accept
 * header of its own. Rate limiting and Retry-After handling follow client-go's defaults.
 */
import type { RestConfig } from './config.js'
import { TokenBucket } from './rate-limiter.js'
import { Request, type RequestContext } from './request.js'
import { FileTokenSource } from './token-source.js'
import { Transport, type RawResponse } from './transport.js'

const DEFAULT_QPS = 5
const DEFAULT_BURST = 10
const DEFAULT_MAX_RETRIES = 10

/** Seconds of a Retry-After header that is an integer, else undefined. */
function retryAfterSeconds(res: RawResponse): number | undefined {
  const v = res.headers['retry-after']
  const s = Array.isArray(v) ? v[0] : v
  return s !== undefined && /^\d+$/.test(s.trim()) ? Number(s) : undefined
}

export class RESTClient implements RequestContext {
  readonly baseUrl: URL
  readonly versionedPath: string
  private readonly transport: Transport
  private readonly limiter?: TokenBucket
  private readonly tokens?: FileTokenSource
  private readonly maxRetries: number

  constructor(readonly config: RestConfig) {
    this.baseUrl = new URL(config.host)
    this.versionedPath = [config.apiPath ?? '', config.groupVersion ?? ''].filter(Boolean).join('/')
    this.transport = new Transport(config)
    const qps = config.qps || DEFAULT_QPS
    if (qps > 0) this.limiter = new TokenBucket(qps, config.burst || DEFAULT_BURST)
    if (config.bearerTokenFile) this.tokens = new FileTokenSource(config.bearerTokenFile, config.bearerToken)
    this.maxRetries = config.maxRetries ?? DEFAULT_MAX_RETRIES
  }

  get(): Request {
    return this.verb('GET')
  }

  post(): Request {
    return this.verb('POST')
  }

  put(): Request {
    return this.verb('PUT')
  }

  /** PATCH with the given patch media type (e.g. `application/merge-patch+json`). */
  patch(contentType: string): Request {
    return this.verb('PATCH').setHeader('Content-Type', contentType)
  }

  delete(): Request {
    return this.verb('DELETE')
  }

  verb(method: string): Request {
    return new Request(this, method)
  }

  async headers(): Promise<Record<string, string>> {
    const h: Record<string, string> = {}
    const token = this.tokens ? await this.tokens.get() : this.config.bearerToken
    if (token) h['Authorization'] = `Bearer ${token}`
    else if (this.config.username !== undefined || this.config.password !== undefined) {
      h['Authorization'] =
        `Basic ${Buffer.from(`${this.config.username ?? ''}:${this.config.password ?? ''}`).toString('base64')}`
    }
    if (this.config.userAgent) h['User-Agent'] = this.config.userAgent
    return h
  }

  async send(
    method: string,
    url: URL,
    headers: Record<string, string>,
    body: Buffer | undefined,
    signal?: AbortSignal,
  ): Promise<RawResponse> {
    for (let attempt = 0; ; attempt++) {
      await this.limiter?.wait()
      const res = await this.transport.send({
        method,
        url,
        headers,
        body,
        timeoutMs: this.config.timeoutMs,
        signal,
      })
      const wait = retryAfterSeconds(res)
      const retryable = res.statusCode === 429 || res.statusCode >= 500
      if (!retryable || wait === undefined || attempt >= this.maxRetries) return res
      await new Promise((r) => setTimeout(r, wait * 1000))
    }
  }

  /** Closes idle connections. */
  close(): void {
    this.transport.close()
  }
}

/** A client for the config (client-go's RESTClientFor; no group version or serializer is required). */
export function restClientFor(config: RestConfig): RESTClient {
  return new RESTClient(config)
}
