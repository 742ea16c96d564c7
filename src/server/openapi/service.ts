/**
 * Serves `/openapi/v2` and `/openapi/v3[/<group-version>]` (kube-api.md §4) for the resources the
 * server currently serves. Documents are built on first request and memoized; a resource-set change
 * drops only the documents of the group-versions it touches (plus the index and v2). Hashes are
 * stable because building is deterministic.
 *
 * Behaviour follows kube-openapi's handlers: `hash` = uppercase hex SHA-512 of the JSON, sent as a
 * quoted ETag; `Vary: Accept`; a group-version URL with the current `?hash=` is immutable for a
 * year, a stale one is redirected (301) to the current URL; `If-None-Match` gives 304. Errors are
 * thrown as ApiErrors for the chain to write: unknown group-version → 404, unsatisfiable Accept →
 * 406, methods other than GET/HEAD → 405.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { newMethodNotSupported, newNotAcceptable, newNotFoundPath } from '../../apimachinery/errors.js'
import { parseAccept } from '../negotiation.js'
import { encodeGnosticV2 } from './gnostic-v2.js'
import { representation, writeRepresentation, type Representation } from './representation.js'
import { groupVersionPath, type OpenApiResource } from './resource.js'
import { buildV2Document } from './v2-document.js'
import { buildV3Document, type DocumentInfo } from './v3-document.js'

export type { OpenApiResource } from './resource.js'

export const JSON_TYPE = 'application/json'
export const V2_PROTOBUF_TYPE = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf'
const V2_PROTOBUF_ACCEPTED = new Set([
  V2_PROTOBUF_TYPE,
  'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
])
const JSON_ACCEPTED = new Set([JSON_TYPE, 'application/*', '*/*'])
const V3_PREFIX = '/openapi/v3/'
const YEAR_MS = 365 * 24 * 3600 * 1000

interface GroupVersion {
  group: string
  version: string
  resources: OpenApiResource[]
  /** JSON of `resources`: an unchanged group-version keeps its built document (and hash). */
  signature: string
}

interface Built {
  doc: any
  rep: Representation
}

export class OpenApiService {
  private signature = ''
  private groups = new Map<string, GroupVersion>()
  private v3 = new Map<string, Built>()
  private index?: Representation
  private v2?: { json: Representation; doc: any; proto?: Representation }

  /** `info` of every document; kubectl ignores it. */
  constructor(private readonly info: DocumentInfo = { title: 'Kubernetes', version: 'v1.32.4' }) {}

  /** Replace the served set (called at start and whenever CRDs change); documents are rebuilt lazily and memoized. */
  setResources(resources: OpenApiResource[]): void {
    const signature = JSON.stringify(resources)
    if (signature === this.signature) return
    this.signature = signature
    const groups = new Map<string, GroupVersion>()
    for (const r of resources) {
      const key = groupVersionPath(r.group, r.version)
      let gv = groups.get(key)
      if (!gv) groups.set(key, (gv = { group: r.group, version: r.version, resources: [], signature: '' }))
      gv.resources.push(r)
    }
    const kept = new Map<string, Built>()
    for (const [key, gv] of groups) {
      gv.signature = JSON.stringify(gv.resources)
      const memo = this.v3.get(key)
      if (memo && this.groups.get(key)?.signature === gv.signature) kept.set(key, memo)
    }
    this.groups = groups
    this.v3 = kept
    this.index = undefined
    this.v2 = undefined
  }

  /** The group-version paths served (`api/v1`, `apis/apps/v1`, ...), sorted. */
  groupVersions(): string[] {
    return [...this.groups.keys()].sort()
  }

  /** The v3 document of a group-version path, or undefined when it is not served. */
  v3Document(gvPath: string): any {
    return this.built(gvPath)?.doc
  }

  /** The Swagger 2.0 document of everything served. */
  v2Document(): any {
    return this.swagger().doc
  }

  /** Serve /openapi/v2 and /openapi/v3[/...]; returns false when the path is not an OpenAPI path. */
  handle(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): boolean {
    if (path !== '/openapi/v2' && path !== '/openapi/v3' && !path.startsWith(V3_PREFIX)) return false
    if (req.method !== 'GET' && req.method !== 'HEAD') throw newMethodNotSupported()
    if (path === '/openapi/v2') this.serveV2(req, res)
    else if (path === '/openapi/v3') writeRepresentation(req, res, this.indexRepresentation(), JSON_TYPE)
    else this.serveGroupVersion(req, res, path.slice(V3_PREFIX.length), query)
    return true
  }

  private built(gvPath: string): Built | undefined {
    const memo = this.v3.get(gvPath)
    if (memo) return memo
    const gv = this.groups.get(gvPath)
    if (!gv) return undefined
    const doc = buildV3Document(gv.group, gv.version, gv.resources, this.info)
    const built = { doc, rep: representation(JSON.stringify(doc), new Date()) }
    this.v3.set(gvPath, built)
    return built
  }

  private indexRepresentation(): Representation {
    if (!this.index) {
      const paths: Record<string, { serverRelativeURL: string }> = {}
      for (const gv of this.groupVersions()) paths[gv] = { serverRelativeURL: this.currentURL(gv) }
      this.index = representation(JSON.stringify({ paths }), new Date())
    }
    return this.index
  }

  private currentURL(gvPath: string): string {
    return `${V3_PREFIX}${gvPath}?hash=${this.built(gvPath)!.rep.hash}`
  }

  private swagger() {
    if (!this.v2) {
      const docs = this.groupVersions().map((gv) => this.built(gv)!.doc)
      const doc = buildV2Document(docs, this.info)
      this.v2 = { doc, json: representation(JSON.stringify(doc), new Date()) }
    }
    return this.v2
  }

  private serveGroupVersion(
    req: IncomingMessage,
    res: ServerResponse,
    gvPath: string,
    query: URLSearchParams,
  ) {
    const built = this.built(gvPath)
    if (!built) throw newNotFoundPath()
    const ranges = parseAccept(req.headers.accept || '*/*')
    if (!ranges.some((r) => JSON_ACCEPTED.has(r.type))) throw newNotAcceptable([JSON_TYPE])
    const headers: Record<string, string> = { Vary: 'Accept' }
    const hash = query.get('hash')
    if (hash && hash !== built.rep.hash) {
      const location = this.currentURL(gvPath)
      res.writeHead(301, { Location: location, 'Content-Type': 'text/html; charset=utf-8', ...headers })
      res.end(req.method === 'HEAD' ? undefined : `<a href="${location}">Moved Permanently</a>.\n`)
      return
    }
    if (hash) {
      headers['Cache-Control'] = 'public, immutable'
      headers.Expires = new Date(Date.now() + YEAR_MS).toUTCString()
    }
    writeRepresentation(req, res, built.rep, JSON_TYPE, headers)
  }

  private serveV2(req: IncomingMessage, res: ServerResponse) {
    const ranges = parseAccept(req.headers.accept || '*/*')
    for (const r of ranges) {
      if (JSON_ACCEPTED.has(r.type)) {
        writeRepresentation(req, res, this.swagger().json, JSON_TYPE, { Vary: 'Accept' })
        return
      }
      if (V2_PROTOBUF_ACCEPTED.has(r.type)) {
        const v2 = this.swagger()
        v2.proto ??= representation(encodeGnosticV2(v2.doc), v2.json.lastModified)
        // One ETag for both forms, as upstream: it names the document, not the encoding.
        writeRepresentation(req, res, v2.proto, V2_PROTOBUF_TYPE, { Vary: 'Accept' }, v2.json.hash)
        return
      }
    }
    throw newNotAcceptable([JSON_TYPE, V2_PROTOBUF_TYPE])
  }
}
