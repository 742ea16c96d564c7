/**
 * A tiny Kubernetes-shaped server for tests of the OpenAPI documents with real clients: /version,
 * legacy discovery for the given resources, the OpenApiService, and a recorder for every other
 * request that answers from a small in-memory object map. Not a registry: it exists so that
 * kubectl's explain / apply / create code paths can run against our documents.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isApiError } from '../../../apimachinery/errors.js'
import { OpenApiService, type OpenApiResource } from '../service.js'

export interface RecordedRequest {
  method: string
  url: string
  contentType?: string
  accept?: string
  body: string
}

export interface FakeApiServer {
  url: string
  service: OpenApiService
  requests: RecordedRequest[]
  /** Objects answered for GET on item paths, keyed by URL path; PATCH/POST/PUT replies echo them. */
  objects: Map<string, any>
  close(): Promise<void>
}

function discovery(resources: OpenApiResource[]) {
  const gvs = new Map<string, OpenApiResource[]>()
  for (const r of resources) {
    const gv = r.group ? `${r.group}/${r.version}` : r.version
    gvs.set(gv, [...(gvs.get(gv) ?? []), r])
  }
  const lists = new Map<string, unknown>()
  for (const [gv, rs] of gvs) {
    const path = gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`
    lists.set(path, {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: gv,
      resources: rs.map((r) => ({
        name: r.resource,
        singularName: r.kind.toLowerCase(),
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: r.verbs ?? ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      })),
    })
  }
  const groups = [...gvs.keys()]
    .filter((gv) => gv.includes('/'))
    .map((gv) => {
      const [name, version] = gv.split('/') as [string, string]
      const v = { groupVersion: gv, version }
      return { name, versions: [v], preferredVersion: v }
    })
  lists.set('/api', { kind: 'APIVersions', versions: ['v1'] })
  lists.set('/apis', { kind: 'APIGroupList', apiVersion: 'v1', groups })
  return lists
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString()))
  })

export async function startFakeApiServer(resources: OpenApiResource[]): Promise<FakeApiServer> {
  const service = new OpenApiService()
  service.setResources(resources)
  const lists = discovery(resources)
  const requests: RecordedRequest[] = []
  const objects = new Map<string, any>()
  const json = (res: import('node:http').ServerResponse, code: number, body: unknown) => {
    const text = JSON.stringify(body)
    res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) })
    res.end(text)
  }
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      const body = await readBody(req)
      requests.push({
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        contentType: req.headers['content-type'],
        accept: req.headers.accept,
        body,
      })
      try {
        if (url.pathname === '/version')
          return json(res, 200, { major: '1', minor: '32', gitVersion: 'v1.32.4' })
        if (service.handle(req, res, url.pathname, url.searchParams)) return
        const list = lists.get(url.pathname)
        if (list) return json(res, 200, list)
        const known = objects.get(url.pathname)
        if (req.method === 'GET') {
          if (known) return json(res, 200, known)
          return json(res, 404, {
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            reason: 'NotFound',
            code: 404,
            message: 'not found',
          })
        }
        const sent = body && !req.headers['content-type']?.includes('patch') ? JSON.parse(body) : known
        return json(res, req.method === 'POST' ? 201 : 200, sent ?? {})
      } catch (err) {
        if (isApiError(err)) return json(res, err.code, err.status)
        throw err
      }
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    service,
    requests,
    objects,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
