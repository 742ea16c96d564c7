/**
 * Matching a /kapis request to a route, the way KubeSphere's go-restful "curly" router does
 * where it matters (kapis.md §1):
 *  - a template matches only a path with exactly as many segments;
 *  - among the templates that match, more static segments win, then the one registered first;
 *  - the method is chosen among all matching templates: none with the method → 405 with Allow.
 */
import type { Method, Route } from './route.js'

interface Compiled {
  route: Route
  /** Template segments; params as null with their name in `names`. */
  statics: (string | null)[]
  names: string[]
  staticCount: number
  order: number
}

export type Match =
  | { kind: 'route'; route: Route; params: Record<string, string> }
  | { kind: 'method'; allow: Method[] }
  | { kind: 'none' }

function segmentsOf(path: string): string[] {
  const trimmed = path.replace(/^\/+/, '').replace(/\/+$/, '')
  return trimmed === '' ? [] : trimmed.split('/')
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

export class KapisRouter {
  /** Compiled routes by segment count, best match first. */
  private readonly bySize = new Map<number, Compiled[]>()
  private readonly list: Route[] = []

  add(routes: readonly Route[]): void {
    for (const route of routes) {
      const statics: (string | null)[] = []
      const names: string[] = []
      for (const seg of segmentsOf(route.path)) {
        const m = /^\{(\w+)\}$/.exec(seg)
        if (m) {
          statics.push(null)
          names.push(m[1])
        } else {
          statics.push(seg)
        }
      }
      const compiled: Compiled = {
        route,
        statics,
        names,
        staticCount: statics.length - names.length,
        order: this.list.length,
      }
      this.list.push(route)
      const bucket = this.bySize.get(statics.length) ?? []
      bucket.push(compiled)
      bucket.sort((a, b) => b.staticCount - a.staticCount || a.order - b.order)
      this.bySize.set(statics.length, bucket)
    }
  }

  /** Every route in registration order. */
  routes(): readonly Route[] {
    return this.list
  }

  match(method: string, path: string): Match {
    const segs = segmentsOf(path)
    const candidates = this.bySize.get(segs.length)
    if (!candidates) return { kind: 'none' }
    const allow: Method[] = []
    for (const c of candidates) {
      if (!c.statics.every((s, i) => (s === null ? segs[i] !== '' : s === segs[i]))) continue
      if (c.route.method !== method) {
        if (!allow.includes(c.route.method)) allow.push(c.route.method)
        continue
      }
      const params: Record<string, string> = {}
      let p = 0
      c.statics.forEach((s, i) => {
        if (s === null) params[c.names[p++]] = decode(segs[i])
      })
      return { kind: 'route', route: c.route, params }
    }
    return allow.length ? { kind: 'method', allow } : { kind: 'none' }
  }
}
