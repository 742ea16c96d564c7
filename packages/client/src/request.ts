/**
 * A request being built, in client-go's style: `client.get().absPath(p).do()`, or a versioned
 * path from namespace()/resource()/name()/subResource(). do() answers a Result whatever the
 * status; result.raw() gives the body or throws the StatusError of a failed answer. Requests
 * wait for the client's rate limiter and are retried (up to maxRetries) when the server answers
 * 429 or 5xx with Retry-After.
 */
import type { RawResponse } from './transport.js'
import { parseStatus, StatusError, unexpectedResponseError } from './status-error.js'

/** What a Request needs from its client. */
export interface RequestContext {
  baseUrl: URL
  /** `apiPath/groupVersion` prefix of versioned paths, without the host path. */
  versionedPath: string
  headers(): Promise<Record<string, string>>
  send(
    method: string,
    url: URL,
    headers: Record<string, string>,
    body: Buffer | undefined,
    signal?: AbortSignal,
  ): Promise<RawResponse>
}

export class Result {
  readonly error?: StatusError

  constructor(readonly response: RawResponse) {
    const { statusCode, body, headers } = response
    if (statusCode >= 200 && statusCode < 300) return
    const status = parseStatus(body, headers['content-type'])
    this.error = status
      ? new StatusError(status, body)
      : unexpectedResponseError(statusCode, body, headers['content-type'])
  }

  get statusCode(): number {
    return this.response.statusCode
  }

  /** The body; throws the StatusError when the server answered with a failure. */
  raw(): Buffer {
    if (this.error) throw this.error
    return this.response.body
  }

  text(): string {
    return this.raw().toString('utf8')
  }

  into<T = unknown>(): T {
    return JSON.parse(this.text()) as T
  }
}

const joinPath = (...parts: string[]) =>
  (
    '/' +
    parts
      .map((p) => p.replace(/^\/+|\/+$/g, ''))
      .filter(Boolean)
      .join('/')
  ).replace(/\/+$/, '') || '/'

export class Request {
  private abs?: string
  private ns = ''
  private res = ''
  private resourceName = ''
  private sub: string[] = []
  private readonly params = new URLSearchParams()
  private readonly extraHeaders: Record<string, string> = {}
  private payload?: Buffer

  constructor(
    private readonly ctx: RequestContext,
    readonly method: string,
  ) {}

  /** Replaces the whole path (after the host's own path) with `segments` joined by `/`. */
  absPath(...segments: string[]): this {
    this.abs = joinPath(...segments)
    return this
  }

  namespace(ns: string): this {
    this.ns = ns
    return this
  }

  resource(resource: string): this {
    this.res = resource
    return this
  }

  name(name: string): this {
    this.resourceName = name
    return this
  }

  subResource(...segments: string[]): this {
    this.sub = segments
    return this
  }

  param(key: string, value: string | number | boolean): this {
    this.params.append(key, String(value))
    return this
  }

  setHeader(key: string, value: string): this {
    this.extraHeaders[key] = value
    return this
  }

  /** A JSON-encoded object, a string or bytes. Objects set Content-Type: application/json unless set. */
  body(value: unknown): this {
    if (Buffer.isBuffer(value)) this.payload = value
    else if (typeof value === 'string') this.payload = Buffer.from(value)
    else {
      this.payload = Buffer.from(JSON.stringify(value))
      if (!Object.keys(this.extraHeaders).some((k) => k.toLowerCase() === 'content-type'))
        this.extraHeaders['Content-Type'] = 'application/json'
    }
    return this
  }

  /** The URL this request goes to. */
  url(): URL {
    const base = this.ctx.baseUrl
    let path: string
    if (this.abs !== undefined) path = joinPath(base.pathname, this.abs)
    else {
      const parts = [base.pathname, this.ctx.versionedPath]
      if (this.ns) parts.push('namespaces', encodeURIComponent(this.ns))
      if (this.res) parts.push(this.res)
      if (this.resourceName) parts.push(encodeURIComponent(this.resourceName))
      parts.push(...this.sub)
      path = joinPath(...parts)
    }
    const url = new URL(base.origin)
    url.pathname = path
    url.search = this.params.toString()
    return url
  }

  async do(signal?: AbortSignal): Promise<Result> {
    const headers = { ...(await this.ctx.headers()), ...this.extraHeaders }
    return new Result(await this.ctx.send(this.method, this.url(), headers, this.payload, signal))
  }

  /** do() then raw(): the body, or the StatusError thrown. */
  async doRaw(signal?: AbortSignal): Promise<Buffer> {
    return (await this.do(signal)).raw()
  }

  /** do() then into(): the parsed JSON body, or the StatusError thrown. */
  async doInto<T = unknown>(signal?: AbortSignal): Promise<T> {
    return (await this.do(signal)).into<T>()
  }
}
