/**
 * Discovery: the legacy documents (/api, /apis, /apis/{g}, /api/v1, /apis/{g}/{v}) and the
 * aggregated apidiscovery.k8s.io/v2 documents for /api and /apis (kube-api.md §3). Documents
 * are rebuilt only when the served set changes, and carry an ETag for If-None-Match.
 */
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { newNotFoundPath } from '../../apimachinery/errors.js'
import type { ResourceRegistry } from '../../registry/registry.js'
import type { ResourceInfo } from '../../registry/strategy.js'
import { negotiate } from '../negotiation.js'

interface Doc {
  body: string
  etag: string
}

function doc(value: unknown): Doc {
  const body = JSON.stringify(value)
  return { body, etag: `"${createHash('sha512').update(body).digest('hex').toUpperCase()}"` }
}

function apiResources(info: ResourceInfo): any[] {
  const out: any[] = [
    {
      name: info.resource,
      singularName: info.singular,
      namespaced: info.scope === 'Namespaced',
      kind: info.kind,
      verbs: info.verbs,
      ...(info.shortNames?.length ? { shortNames: info.shortNames } : {}),
      ...(info.categories?.length ? { categories: info.categories } : {}),
    },
  ]
  const sub = info.subresources
  const base = { singularName: '', namespaced: info.scope === 'Namespaced' }
  if (sub?.scale) {
    out.push({ name: `${info.resource}/scale`, ...base, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] })
  }
  if (sub?.status) out.push({ name: `${info.resource}/status`, ...base, kind: info.kind, verbs: ['get', 'patch', 'update'] })
  for (const o of sub?.other ?? []) {
    out.push({
      name: `${info.resource}/${o.name}`,
      ...base,
      ...(o.responseKind ? { group: o.responseKind.group, version: o.responseKind.version } : {}),
      kind: o.responseKind?.kind ?? info.kind,
      verbs: o.verbs,
    })
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

function aggregatedResource(info: ResourceInfo): any {
  const subresources: any[] = []
  const sub = info.subresources
  if (sub?.scale) {
    subresources.push({ subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] })
  }
  if (sub?.status) {
    subresources.push({ subresource: 'status', responseKind: { group: '', version: '', kind: info.kind }, verbs: ['get', 'patch', 'update'] })
  }
  for (const o of sub?.other ?? []) {
    subresources.push({ subresource: o.name, responseKind: o.responseKind ?? { group: '', version: '', kind: info.kind }, verbs: o.verbs })
  }
  subresources.sort((a, b) => (a.subresource < b.subresource ? -1 : 1))
  return {
    resource: info.resource,
    responseKind: { group: '', version: '', kind: info.kind },
    scope: info.scope,
    singularResource: info.singular,
    verbs: info.verbs,
    ...(info.shortNames?.length ? { shortNames: info.shortNames } : {}),
    ...(info.categories?.length ? { categories: info.categories } : {}),
    ...(subresources.length ? { subresources } : {}),
  }
}

const byName = (a: ResourceInfo, b: ResourceInfo) => (a.resource < b.resource ? -1 : 1)

export class Discovery {
  private built = -1
  private docs = new Map<string, Doc>()

  constructor(private readonly registry: ResourceRegistry) {}

  private build(): void {
    if (this.built === this.registry.version) return
    const docs = new Map<string, Doc>()
    const groups = this.registry.discoveryGroups()
    const core = groups.find((g) => g.name === '')
    const named = groups.filter((g) => g.name !== '')
    docs.set('/api', doc({ kind: 'APIVersions', versions: core?.versions ?? [], serverAddressByClientCIDRs: [] }))
    const groupDoc = (g: { name: string; versions: string[] }) => ({
      name: g.name,
      versions: g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v })),
      preferredVersion: { groupVersion: `${g.name}/${g.versions[0]}`, version: g.versions[0] },
    })
    docs.set('/apis', doc({ kind: 'APIGroupList', apiVersion: 'v1', groups: named.map(groupDoc) }))
    for (const g of named) docs.set(`/apis/${g.name}`, doc({ kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(g) }))
    for (const g of groups) {
      for (const v of g.versions) {
        const gv = g.name ? `${g.name}/${v}` : v
        const resources = this.registry.discoveryResources(g.name, v).sort(byName)
        docs.set(g.name ? `/apis/${gv}` : `/api/${v}`, doc({
          kind: 'APIResourceList',
          apiVersion: 'v1',
          groupVersion: gv,
          resources: resources.flatMap((r) => apiResources(r)),
        }))
      }
    }
    const aggregated = (gs: typeof groups) => ({
      kind: 'APIGroupDiscoveryList',
      apiVersion: 'apidiscovery.k8s.io/v2',
      metadata: {},
      items: gs.map((g) => ({
        metadata: g.name ? { name: g.name, creationTimestamp: null } : { creationTimestamp: null },
        versions: g.versions.map((v) => ({
          version: v,
          freshness: 'Current',
          resources: this.registry.discoveryResources(g.name, v).sort(byName).map((r) => aggregatedResource(r)),
        })),
      })),
    })
    docs.set('agg:/api', doc(aggregated(core ? [core] : [])))
    docs.set('agg:/apis', doc(aggregated(named)))
    this.docs = docs
    this.built = this.registry.version
  }

  /** Serves a discovery path; returns false when `path` is not one. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    const p = path.replace(/\/+$/, '') || '/'
    if (p !== '/api' && p !== '/apis' && !p.startsWith('/api/') && !p.startsWith('/apis/')) return false
    this.build()
    const isRoot = p === '/api' || p === '/apis'
    const neg = negotiate(req.headers.accept, { allowDiscovery: isRoot })
    const d = neg.discovery ? this.docs.get(`agg:${p}`) : this.docs.get(p)
    if (!d) throw newNotFoundPath()
    const contentType = neg.discovery
      ? `application/json;g=apidiscovery.k8s.io;v=${neg.discovery};as=APIGroupDiscoveryList`
      : 'application/json'
    const headers = { 'Content-Type': contentType, ETag: d.etag, Vary: 'Accept', 'Cache-Control': 'public' }
    if (req.headers['if-none-match'] === d.etag) {
      res.writeHead(304, headers)
      res.end()
      return true
    }
    res.writeHead(200, { ...headers, 'Content-Length': Buffer.byteLength(d.body) })
    res.end(d.body)
    return true
  }
}
