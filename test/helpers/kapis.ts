/**
 * Calls a /kapis route of a test server by its route template, e.g.
 * `kapi(server, 'GET /kapis/resources.kubesphere.io/v1alpha3/{resources}', { params: { resources: 'nodes' } })`.
 * Naming the template (as the OpenAPI document does) lets test/e2e/kapis-openapi.test.ts check
 * that every documented route is exercised by some test.
 */
import { loadOrCreateSigningKey } from '../../src/authn/signing-key.js'
import { TokenIssuer } from '../../src/authn/token-issuer.js'
import type { TestServer } from './server.js'

export interface KapiOptions {
  params?: Record<string, string>
  query?: Record<string, string | number | boolean> | string
  body?: unknown
  /** Bearer token; the admin's when absent, none when null. */
  token?: string | null
  contentType?: string
  headers?: Record<string, string>
}

export interface KapiResult {
  status: number
  headers: Headers
  text: string
  /** The JSON body, or undefined when the body is not JSON. */
  body: any
}

export function expand(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const v = params[name]
    if (v === undefined) throw new Error(`no value for {${name}} in ${template}`)
    return encodeURIComponent(v)
  })
}

export async function kapi(server: TestServer, route: string, opts: KapiOptions = {}): Promise<KapiResult> {
  const space = route.indexOf(' ')
  const method = route.slice(0, space)
  let path = expand(route.slice(space + 1), opts.params)
  if (opts.query !== undefined) {
    const qs =
      typeof opts.query === 'string'
        ? opts.query
        : new URLSearchParams(
            Object.entries(opts.query).map(([k, v]): [string, string] => [k, String(v)]),
          ).toString()
    if (qs) path += `?${qs}`
  }
  const headers = new Headers(opts.headers)
  if (opts.token !== null) headers.set('Authorization', `Bearer ${opts.token ?? server.token}`)
  let body: string | undefined
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body)
    headers.set('Content-Type', opts.contentType ?? 'application/json')
  }
  const res = await fetch(server.url + path, { method, headers, body })
  const text = await res.text()
  let parsed: any
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  return { status: res.status, headers: res.headers, text, body: parsed }
}

/** POSTs or PUTs a Kubernetes object through /api or /apis as admin (or `token`); throws unless 2xx. */
export async function kube(
  server: TestServer,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<any> {
  const res = await fetch(server.url + path, {
    method,
    headers: { Authorization: `Bearer ${token ?? server.token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`)
  return text ? JSON.parse(text) : undefined
}

/** Runs `fn` over `items` with at most `width` in flight. */
export async function inParallel<T>(
  items: T[],
  width: number,
  fn: (item: T, i: number) => Promise<unknown>,
): Promise<void> {
  let next = 0
  const workers = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const i = next++
      await fn(items[i], i)
    }
  })
  await Promise.all(workers)
}

/**
 * Writes a pod's status through the status subresource as a kubelet would, retrying on
 * conflict (the server's pod starter may mark a fresh pod running first).
 */
export async function setPodStatus(
  server: TestServer,
  namespace: string,
  name: string,
  status: unknown,
): Promise<any> {
  for (let attempt = 0; ; attempt++) {
    const pod = await kube(server, 'GET', `/api/v1/namespaces/${namespace}/pods/${name}`)
    const res = await fetch(`${server.url}/api/v1/namespaces/${namespace}/pods/${name}/status`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...pod, status }),
    })
    const text = await res.text()
    if (res.ok) return JSON.parse(text)
    if (res.status !== 409 || attempt > 20)
      throw new Error(`PUT ${namespace}/${name}/status: ${res.status} ${text}`)
  }
}

/** A response's JSON body, untyped (tests read fields freely). */
export async function json(res: Response): Promise<any> {
  return res.json()
}

/** Polls `check` every 100 ms until it holds; throws after `timeoutMs`. */
export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 100))
  }
}

export const TEST_PASSWORD = 'Passw0rd123'

/** Creates a User through the IAM API as admin; `globalrole` also binds that global role. */
export async function createUser(
  server: TestServer,
  name: string,
  opts: { globalrole?: string; password?: string; email?: string } = {},
): Promise<any> {
  const r = await kapi(server, 'POST /kapis/iam.kubesphere.io/v1beta1/users', {
    body: {
      apiVersion: 'iam.kubesphere.io/v1beta1',
      kind: 'User',
      metadata: {
        name,
        ...(opts.globalrole ? { annotations: { 'iam.kubesphere.io/globalrole': opts.globalrole } } : {}),
      },
      spec: { email: opts.email ?? `${name}@example.com`, password: opts.password ?? TEST_PASSWORD },
    },
  })
  if (r.status !== 200) throw new Error(`create user ${name}: ${r.status} ${r.text}`)
  return r.body
}

/** An access token from the OAuth password grant (the built-in `kubesphere` client). */
export async function login(server: TestServer, username: string, password = TEST_PASSWORD): Promise<string> {
  const res = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      username,
      password,
      client_id: 'kubesphere',
      client_secret: 'kubesphere',
    }),
  })
  const body = await json(res)
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(body)}`)
  return body.access_token
}

/** A static token for any user name, signed with the server's key (e.g. ServiceAccount users). */
export function staticToken(server: TestServer, username: string): Promise<string> {
  return new TokenIssuer(loadOrCreateSigningKey(server.dataDir)).issue(username, 'static_token')
}
