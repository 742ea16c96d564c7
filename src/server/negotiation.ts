/**
 * Content negotiation for Kubernetes clients: the Accept header picks JSON or YAML, and the
 * `as=Table`, `as=PartialObjectMetadata[List]` and aggregated-discovery variants of JSON;
 * the Content-Type picks how a request body is decoded.
 */
import { newNotAcceptable } from '../apimachinery/errors.js'

export type Format = 'json' | 'yaml'

export interface Negotiated {
  format: Format
  /** `as=Table` was asked for (v1 or v1beta1 of meta.k8s.io). */
  table?: 'v1' | 'v1beta1'
  /** `as=PartialObjectMetadata` / `PartialObjectMetadataList`. */
  partial?: 'v1' | 'v1beta1'
  /** `as=APIGroupDiscoveryList` of apidiscovery.k8s.io (only offered where it makes sense). */
  discovery?: 'v2' | 'v2beta1'
}

export interface MediaRange {
  type: string
  params: Record<string, string>
  q: number
}

export const SERVED_MEDIA_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf']

export function parseMediaType(value: string): MediaRange {
  const [type = '', ...rest] = value.split(';').map((s) => s.trim())
  const params: Record<string, string> = {}
  let q = 1
  for (const p of rest) {
    const eq = p.indexOf('=')
    if (eq < 0) continue
    const k = p.slice(0, eq).trim().toLowerCase()
    const v = p
      .slice(eq + 1)
      .trim()
      .replace(/^"|"$/g, '')
    if (k === 'q') q = Number(v)
    else params[k] = v
  }
  return { type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 0 }
}

export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header || !header.trim()) return []
  const ranges = header
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(parseMediaType)
  // Stable sort by q, keeping the client's order among equals.
  return ranges
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.q - a.r.q || a.i - b.i)
    .map((x) => x.r)
    .filter((r) => r.q > 0)
}

export interface NegotiateOptions {
  allowTable?: boolean
  allowDiscovery?: boolean
}

/** Chooses the reply form; throws 406 NotAcceptable when nothing offered is served. */
export function negotiate(accept: string | undefined, opts: NegotiateOptions = {}): Negotiated {
  const ranges = parseAccept(accept)
  if (ranges.length === 0) return { format: 'json' }
  for (const r of ranges) {
    const as = r.params['as']
    if (r.type === 'application/json' || r.type === 'application/*' || r.type === '*/*') {
      if (as) {
        const g = r.params['g']
        const v = r.params['v']
        if (as === 'Table' && g === 'meta.k8s.io' && (v === 'v1' || v === 'v1beta1')) {
          if (opts.allowTable) return { format: 'json', table: v }
          continue
        }
        if ((as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') && g === 'meta.k8s.io') {
          if (opts.allowTable && (v === 'v1' || v === 'v1beta1')) return { format: 'json', partial: v }
          continue
        }
        if (as === 'APIGroupDiscoveryList' && g === 'apidiscovery.k8s.io' && (v === 'v2' || v === 'v2beta1')) {
          if (opts.allowDiscovery) return { format: 'json', discovery: v }
          continue
        }
        continue
      }
      return { format: 'json' }
    }
    if (r.type === 'application/yaml') return { format: 'yaml' }
    // Protobuf replies are not produced; clients that send it also list application/json.
  }
  throw newNotAcceptable(SERVED_MEDIA_TYPES)
}
