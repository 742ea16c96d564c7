/**
 * The /kapis OpenAPI document against the tests: every documented route (method + path
 * template) must be exercised by some kapis e2e test, and every route a test names must be
 * documented. Tests name routes by their template (kapi(server, "GET /kapis/.../{param}")),
 * so this check reads their sources; the document itself comes from the running server.
 */
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startServer, type TestServer } from '../helpers/server.js'
import { kapi } from '../helpers/kapis.js'

let server: TestServer
let doc: any

before(async () => {
  server = await startServer()
  const r = await kapi(server, 'GET /kapis/openapi/v2')
  assert.equal(r.status, 200)
  doc = r.body
})
after(async () => {
  await server?.dispose()
})

const METHODS = ['get', 'post', 'put', 'patch', 'delete']

function documentedRoutes(): string[] {
  const out: string[] = []
  for (const [path, ops] of Object.entries<Record<string, unknown>>(doc.paths)) {
    for (const m of METHODS) if (ops[m]) out.push(`${m.toUpperCase()} ${path}`)
  }
  return out
}

/** Route templates named in the kapis e2e tests: string literals `'<METHOD> /kapis/...'`, with `${X}` constants expanded. */
function exercisedRoutes(): Set<string> {
  const dir = import.meta.dirname
  const found = new Set<string>()
  for (const file of readdirSync(dir).filter((f) => /^kapis.*\.test\.ts$/.test(f))) {
    const text = readFileSync(join(dir, file), 'utf8')
    const constants = new Map<string, string>()
    const expand = (t: string): string =>
      t.replace(/\$\{(\w+)\}/g, (_s, name: string) => expand(constants.get(name) ?? `<${name}>`))
    for (const m of text.matchAll(/const (\w+) = ['`]((?:\/kapis|\$\{\w+\})[^'`]*)['`]/g))
      constants.set(m[1], m[2])
    for (const m of text.matchAll(/['`]((?:GET|POST|PUT|PATCH|DELETE) (?:\/kapis|\$\{\w+\})[^'`]*)['`]/g))
      found.add(expand(m[1]))
  }
  return found
}

test('the document is Swagger 2.0 and every $ref resolves', () => {
  assert.equal(doc.swagger, '2.0')
  const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g)].map((m) => m[1])
  assert.ok(refs.length > 0)
  for (const ref of refs) assert.ok(doc.definitions[ref], `missing definition ${ref}`)
})

test('every documented route has path parameters for its {params} and an operationId', () => {
  const ids = new Set<string>()
  for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
    const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
    for (const m of METHODS) {
      const op = ops[m]
      if (!op) continue
      assert.deepEqual(
        op.parameters.filter((p: any) => p.in === 'path').map((p: any) => p.name),
        params,
        `${m} ${path}`,
      )
      assert.ok(!ids.has(op.operationId), `duplicate operationId ${op.operationId}`)
      ids.add(op.operationId)
    }
  }
})

test('every documented route is exercised by a test, and tests name only documented routes', () => {
  const documented = documentedRoutes()
  const exercised = exercisedRoutes()
  assert.ok(documented.length >= 90, `only ${documented.length} routes documented`)
  const untested = documented.filter((r) => !exercised.has(r))
  assert.deepEqual(untested, [], 'documented routes no test exercises')
  const undocumented = [...exercised].filter((r) => !documented.includes(r))
  assert.deepEqual(undocumented, [], 'routes tests name that the document does not list')
})
