/**
 * npm run bench: throughput of the server against baselines measured in the same run, printed
 * as ratios (these machines are noisy; only same-run ratios mean anything).
 *
 *  1. GET of one object            vs a bare node:http server returning the same bytes
 *  2. create (POST, fsynced)       vs raw better-sqlite3 autocommit inserts with the same PRAGMAs
 *  3. LIST of 10,000 objects       vs a bare node:http server returning the same bytes
 *  4. watch fan-out, 1,000 watchers vs a bare node:http server writing the same lines
 *  5. password grants (POST /oauth/token) vs raw bcrypt verifications of the same cost
 *  6. bearer-authenticated GET  vs the same GET made anonymously
 *  7. authorized GET as a user bound at namespace scope (1,000 roles, 10,000 bindings present)
 *     vs the same GET as admin
 */
import autocannon from 'autocannon'
import Database from 'better-sqlite3'
import { createServer, request, type IncomingMessage, type Server } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startApiServer } from '../src/server/apiserver.js'
import { TokenIssuer } from '../src/authn/token-issuer.js'
import { loadOrCreateSigningKey } from '../src/authn/signing-key.js'
import { DEFAULT_BCRYPT_COST, hashPassword, verifyPassword } from '../src/authn/password-hash.js'

const DURATION = Number(process.env['BENCH_SECONDS'] ?? 5)
const CONNECTIONS = 16

function ratio(a: number, b: number): string {
  return (a / b).toFixed(2)
}

async function cannon(url: string, opts: Partial<autocannon.Options> = {}): Promise<number> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, ...opts })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return result.requests.average
}

async function bareServer(body: string | ((res: import('node:http').ServerResponse) => void)): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    if (typeof body === 'function') return body(res)
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) })
    res.end(body)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ks-bench-'))
  const api = await startApiServer({ dataDir, bindAddress: '127.0.0.1', port: 0 })
  const token = await new TokenIssuer(loadOrCreateSigningKey(dataDir)).issue('admin', 'static_token')
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }
  const rows: string[][] = []
  try {
    // 1. GET one object
    const cmUrl = `${api.url}/api/v1/namespaces/default/configmaps/bench`
    await fetch(`${api.url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ metadata: { name: 'bench', labels: { app: 'bench' } }, data: { key: 'value' } }),
    })
    const bytes = await (await fetch(cmUrl, { headers })).text()
    const bare = await bareServer(bytes)
    const baseGet = await cannon(bare.url)
    const ourGet = await cannon(cmUrl, { headers })
    rows.push(['GET one object (req/s)', ourGet.toFixed(0), baseGet.toFixed(0), ratio(ourGet, baseGet)])

    // 2. create vs raw SQLite inserts
    const db = new Database(join(dataDir, 'raw.db'))
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, value TEXT)')
    const insert = db.prepare('INSERT INTO t (name, value) VALUES (?, ?)')
    const value = bytes
    const rawStart = process.hrtime.bigint()
    let rawN = 0
    while (Number(process.hrtime.bigint() - rawStart) / 1e9 < DURATION) insert.run(`k${rawN++}`, value)
    const rawRate = rawN / (Number(process.hrtime.bigint() - rawStart) / 1e9)
    db.close()
    let seq = 0
    const createRate = await cannon(`${api.url}/api/v1/namespaces/default/configmaps`, {
      headers,
      requests: [
        {
          method: 'POST',
          setupRequest: (req: any) => ({
            ...req,
            body: JSON.stringify({ metadata: { name: `c-${seq++}` }, data: { key: 'value' } }),
          }),
        },
      ],
    })
    rows.push(['create, fsynced (obj/s)', createRate.toFixed(0), rawRate.toFixed(0), ratio(createRate, rawRate)])

    // 3. LIST of 10,000 objects
    const ns = 'bench-list'
    await fetch(`${api.url}/api/v1/namespaces`, { method: 'POST', headers, body: JSON.stringify({ metadata: { name: ns } }) })
    const store = api.registry.storeFor('', 'configmaps')!
    const batch: Promise<unknown>[] = []
    for (let i = 0; i < 10_000; i++) {
      batch.push(store.create(ns, { metadata: { name: `cm-${String(i).padStart(5, '0')}` }, data: { key: `value-${i}` } }, { user: { name: 'bench', groups: [] }, version: 'v1' }))
      if (batch.length === 64) await Promise.all(batch.splice(0))
    }
    await Promise.all(batch)
    const listUrl = `${api.url}/api/v1/namespaces/${ns}/configmaps`
    const listBytes = await (await fetch(listUrl, { headers })).text()
    const bareList = await bareServer(listBytes)
    const baseList = await cannon(bareList.url, { connections: 4 })
    const ourList = await cannon(listUrl, { headers, connections: 4 })
    rows.push(['LIST 10,000 objects (req/s)', ourList.toFixed(1), baseList.toFixed(1), ratio(ourList, baseList)])
    bare.server.close()
    bareList.server.close()

    // 4. watch fan-out to 1,000 watchers
    const WATCHERS = 1000
    const EVENTS = 20
    const ourFanout = await fanout(`${api.url}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0&labelSelector=fan%3Dout`, headers, WATCHERS, EVENTS, async (i) => {
      await fetch(`${api.url}/api/v1/namespaces/default/configmaps`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ metadata: { name: `fan-${i}`, labels: { fan: 'out' } }, data: { i: String(i) } }),
      })
    })
    const clients: import('node:http').ServerResponse[] = []
    const bareWatch = await bareServer((res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.flushHeaders()
      clients.push(res)
    })
    const line = `{"type":"ADDED","object":${bytes}}\n`
    // Each event is written in a turn of its own, as events reach a real server one write at a time.
    const baseFanout = await fanout(bareWatch.url, {}, WATCHERS, EVENTS, async (i) => {
      await new Promise((r) => setTimeout(r, i))
      for (const c of clients) c.write(line)
    })
    for (const c of clients) c.end()
    bareWatch.server.close()
    rows.push([`watch fan-out, ${WATCHERS} watchers (events delivered/s)`, ourFanout.toFixed(0), baseFanout.toFixed(0), ratio(ourFanout, baseFanout)])

    rows.push(...(await kapisBench(api)))
    rows.push(...(await identityBench(api.url, api.generatedAdminPassword!)))
    rows.push(...(await authzBench(api)))
  } finally {
    await api.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
  const header = ['benchmark', 'ks-apiserver', 'baseline', 'ratio']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const fmt = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ')
  console.log(fmt(header))
  for (const r of rows) console.log(fmt(r))
}

/**
 * 5. Password grants against raw bcrypt: a grant is one bcrypt comparison (cost 10) plus token
 *    issuance, the token store and a LoginRecord; the baseline runs the same comparison in a
 *    loop in this process, as the server does on its one thread.
 * 6. Bearer against anonymous: /.well-known/openid-configuration passes authentication like
 *    any request and is served the same way to both, so the difference is what checking an
 *    access token costs (signature cached; expiry, token store and user state looked up per
 *    request). /version would not do: it is answered before authentication. A second baseline
 *    sends an anonymous request with a header as long as the token, so that the ~700 bytes of
 *    credential every client has to send (HTTP parsing on both sides) are not charged to the
 *    token check.
 */
async function identityBench(url: string, adminPassword: string): Promise<string[][]> {
  const rows: string[][] = []
  const hash = await hashPassword(adminPassword, DEFAULT_BCRYPT_COST)
  const start = process.hrtime.bigint()
  let verified = 0
  while (Number(process.hrtime.bigint() - start) / 1e9 < DURATION) {
    await verifyPassword(adminPassword, hash)
    verified++
  }
  const rawBcrypt = verified / (Number(process.hrtime.bigint() - start) / 1e9)
  const form = new URLSearchParams({ grant_type: 'password', username: 'admin', password: adminPassword }).toString()
  const grants = await cannon(`${url}/oauth/token`, {
    connections: 2,
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form,
  })
  rows.push([`password grants, bcrypt cost ${DEFAULT_BCRYPT_COST} (req/s)`, grants.toFixed(1), rawBcrypt.toFixed(1), ratio(grants, rawBcrypt)])

  const login = await fetch(`${url}/oauth/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form })
  const { access_token: accessToken } = (await login.json()) as { access_token: string }
  const path = `${url}/.well-known/openid-configuration`
  // Alternating short rounds, so load that comes and goes on the machine hits both sides alike.
  let anonymous = 0
  let padded = 0
  let authenticated = 0
  const ROUNDS = 4
  const duration = Math.max(1, Math.round(DURATION / 2))
  const padding = { 'X-Padding': 'x'.repeat(`Bearer ${accessToken}`.length) }
  for (let i = 0; i < ROUNDS; i++) {
    anonymous += (await cannon(path, { duration })) / ROUNDS
    padded += (await cannon(path, { duration, headers: padding })) / ROUNDS
    authenticated += (await cannon(path, { duration, headers: { Authorization: `Bearer ${accessToken}` } })) / ROUNDS
  }
  rows.push(['bearer GET vs anonymous GET (req/s)', authenticated.toFixed(0), anonymous.toFixed(0), ratio(authenticated, anonymous)])
  rows.push(['bearer GET vs anonymous GET, same header bytes', authenticated.toFixed(0), padded.toFixed(0), ratio(authenticated, padded)])
  return rows
}

/**
 * 7. Authorization with many roles and bindings: 100 workspace namespaces, 1,000 iam Roles and
 *    10,000 bindings (9,000 RoleBindings, 500 WorkspaceRoleBindings, 500 ClusterRoleBindings)
 *    for other users; one user holds a Role in one namespace. The same GET as that user (the
 *    walk: global bindings with the `authenticated` Rego policy, the namespace's workspace
 *    bindings, its role bindings) against admin (allowed by the first global binding).
 */
async function authzBench(api: Awaited<ReturnType<typeof startApiServer>>): Promise<string[][]> {
  const { SYSTEM_USER } = await import('../src/apimachinery/user.js')
  const opts = (version: string) => ({ user: SYSTEM_USER, version })
  const store = (group: string, resource: string) => api.registry.storeFor(group, resource)!
  const iam = 'iam.kubesphere.io'
  const NAMESPACES = 100
  const pending: Promise<unknown>[] = []
  const flush = async (limit = 64) => {
    if (pending.length >= limit) await Promise.all(pending.splice(0))
  }
  const subject = (i: number) => [{ apiGroup: iam, kind: 'User', name: `someone-${i}` }]
  for (let n = 0; n < NAMESPACES; n++) {
    pending.push(store('', 'namespaces').create('', { metadata: { name: `authz-${n}`, labels: { 'kubesphere.io/workspace': 'system-workspace' } } }, opts('v1')))
    await flush()
  }
  await flush(1)
  for (let i = 0; i < 1000; i++) {
    const rules = [{ apiGroups: [''], resources: ['configmaps', `thing-${i}`], verbs: ['get', 'list'] }]
    pending.push(store(iam, 'roles').create(`authz-${i % NAMESPACES}`, { metadata: { name: `role-${i}` }, rules }, opts('v1beta1')))
    await flush()
  }
  for (let i = 0; i < 10_000; i++) {
    const ns = `authz-${i % NAMESPACES}`
    if (i < 9000) {
      pending.push(store(iam, 'rolebindings').create(ns, { metadata: { name: `rb-${i}` }, roleRef: { apiGroup: iam, kind: 'Role', name: `role-${i % 1000}` }, subjects: subject(i) }, opts('v1beta1')))
    } else if (i < 9500) {
      const labels = { 'kubesphere.io/workspace': 'system-workspace' }
      pending.push(store(iam, 'workspacerolebindings').create('', { metadata: { name: `wrb-${i}`, labels }, roleRef: { apiGroup: iam, kind: 'WorkspaceRole', name: 'system-workspace-viewer' }, subjects: subject(i) }, opts('v1beta1')))
    } else {
      pending.push(store(iam, 'clusterrolebindings').create('', { metadata: { name: `crb-${i}` }, roleRef: { apiGroup: iam, kind: 'ClusterRole', name: 'cluster-viewer' }, subjects: subject(i) }, opts('v1beta1')))
    }
    await flush()
  }
  pending.push(store(iam, 'rolebindings').create('authz-7', { metadata: { name: 'reader' }, roleRef: { apiGroup: iam, kind: 'Role', name: 'role-7' }, subjects: [{ apiGroup: iam, kind: 'User', name: 'bench-user' }] }, opts('v1beta1')))
  pending.push(store('', 'configmaps').create('authz-7', { metadata: { name: 'bench' }, data: { key: 'value' } }, opts('v1')))
  await flush(1)

  const userToken = await api.issuer.issue('bench-user', 'static_token')
  const adminToken = await api.issuer.issue('admin', 'static_token')
  const url = `${api.url}/api/v1/namespaces/authz-7/configmaps/bench`
  for (const token of [userToken, adminToken]) {
    const r = await fetch(url, { headers: { Authorization: `Bearer ${token}` } })
    if (r.status !== 200) throw new Error(`authz bench: GET answered ${r.status}: ${await r.text()}`)
  }
  let asUser = 0
  let asAdmin = 0
  const ROUNDS = 4
  const duration = Math.max(1, Math.round(DURATION / 2))
  for (let i = 0; i < ROUNDS; i++) {
    asAdmin += (await cannon(url, { duration, headers: { Authorization: `Bearer ${adminToken}` } })) / ROUNDS
    asUser += (await cannon(url, { duration, headers: { Authorization: `Bearer ${userToken}` } })) / ROUNDS
  }
  return [['GET as namespace-bound user vs admin, 10,000 bindings (req/s)', asUser.toFixed(0), asAdmin.toFixed(0), ratio(asUser, asAdmin)]]
}

/**
 * 8. A KubeSphere list page: /kapis/resources.kubesphere.io/v1alpha3/pods?limit=10&page=1&sortBy=createTime
 *    with 10,000 pods in the store (10 namespaces), served from the watch cache: the first page
 *    of the newest pods of all namespaces. Baseline: a bare node:http server returning the same
 *    bytes. The p99 latency row compares with the goal of 20 ms. Pods carry a scheduling gate so
 *    the pod starter leaves them alone while the bench runs.
 */
async function kapisBench(api: Awaited<ReturnType<typeof startApiServer>>): Promise<string[][]> {
  const { SYSTEM_USER } = await import('../src/apimachinery/user.js')
  const opts = (version: string) => ({ user: SYSTEM_USER, version })
  const namespaces = api.registry.storeFor('', 'namespaces')!
  const pods = api.registry.storeFor('', 'pods')!
  for (let n = 0; n < 10; n++) await namespaces.create('', { metadata: { name: `kapis-bench-${n}` } }, opts('v1'))
  const pending: Promise<unknown>[] = []
  for (let i = 0; i < 10_000; i++) {
    const pod = {
      metadata: { name: `pod-${String(i).padStart(5, '0')}`, labels: { app: `app-${i % 50}` } },
      spec: { schedulingGates: [{ name: 'bench' }], containers: [{ name: 'main', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] },
    }
    pending.push(pods.create(`kapis-bench-${i % 10}`, pod, opts('v1')))
    if (pending.length === 64) await Promise.all(pending.splice(0))
  }
  await Promise.all(pending)
  const token = await api.issuer.issue('admin', 'static_token')
  const headers = { Authorization: `Bearer ${token}` }
  const url = `${api.url}/kapis/resources.kubesphere.io/v1alpha3/pods?limit=10&page=1&sortBy=createTime`
  const bytes = await (await fetch(url, { headers })).text()
  if (JSON.parse(bytes).totalItems < 10_000) throw new Error(`kapis bench: unexpected answer ${bytes.slice(0, 200)}`)
  const bare = await bareServer(bytes)
  const base = await autocannon({ url: bare.url, connections: CONNECTIONS, duration: DURATION })
  const ours = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION })
  bare.server.close()
  if (ours.non2xx > 0 || ours.errors > 0) throw new Error(`kapis bench: ${ours.non2xx} non-2xx, ${ours.errors} errors`)
  const name = 'kapis pods?limit=10&page=1&sortBy=createTime, 10,000 pods'
  return [
    [`${name} (req/s)`, ours.requests.average.toFixed(0), base.requests.average.toFixed(0), ratio(ours.requests.average, base.requests.average)],
    [`${name}, p99 latency at ${CONNECTIONS} connections (ms; baseline: goal)`, String(ours.latency.p99), '20', ratio(ours.latency.p99, 20)],
  ]
}

/** Opens `n` streaming GETs, fires `events` writes, and measures deliveries per second. */
async function fanout(url: string, headers: Record<string, string>, n: number, events: number, emit: (i: number) => Promise<void>): Promise<number> {
  const u = new URL(url)
  let received = 0
  const target = n * events
  let done!: () => void
  const finished = new Promise<void>((r) => (done = r))
  const responses: IncomingMessage[] = []
  await Promise.all(
    Array.from({ length: n }, () =>
      new Promise<void>((resolve, reject) => {
        const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, headers, agent: false }, (res) => {
          responses.push(res)
          let buf = ''
          res.setEncoding('utf8')
          res.on('data', (d: string) => {
            buf += d
            let i
            while ((i = buf.indexOf('\n')) >= 0) {
              buf = buf.slice(i + 1)
              if (++received === target) done()
            }
          })
          resolve()
        })
        req.on('error', reject)
        req.end()
      }),
    ),
  )
  await new Promise((r) => setTimeout(r, 200))
  const start = process.hrtime.bigint()
  // All writes are issued at once, so both sides can batch deliveries per connection.
  await Promise.all(Array.from({ length: events }, (_, i) => emit(i)))
  await finished
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  for (const r of responses) r.destroy()
  return target / seconds
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
