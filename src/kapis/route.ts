/**
 * What a /kapis route is: a method, a path template with `{param}` segments, a thin handler
 * and the documentation the OpenAPI document is built from (openapi.ts), so that every served
 * route is documented by construction.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { UserInfo } from '../apimachinery/user.js'
import type { RequestInfo } from '../server/request-info.js'

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const
export type Method = (typeof METHODS)[number]

/** One request as a handler sees it; `params` holds the decoded `{param}` segments. */
export interface KapisRequest {
  readonly req: IncomingMessage
  readonly res: ServerResponse
  readonly ri: RequestInfo
  /** The /kapis path served (a `/clusters/{host}` prefix removed). */
  readonly path: string
  readonly query: URLSearchParams
  readonly user: UserInfo
  readonly params: Readonly<Record<string, string>>
}

export type KapisHandler = (r: KapisRequest) => Promise<void> | void

export type ParamType = 'string' | 'integer' | 'boolean'

export interface QueryParamDoc {
  name: string
  description: string
  type?: ParamType
  required?: boolean
}

export interface RouteDoc {
  summary: string
  /** Upstream marks most v1alpha3 and v1alpha3-tenant routes deprecated. */
  deprecated?: boolean
  query?: readonly QueryParamDoc[]
  /** What the body holds (a schema name of openapi.ts, e.g. 'User', 'Member[]'). */
  body?: string
  /** What a 200 answer holds (a schema name, e.g. 'ListResult', 'Object'). */
  returns: string
  /** Accepted body media types; JSON when absent. */
  consumes?: readonly string[]
}

export interface Route {
  method: Method
  /** Full path template, e.g. `/kapis/resources.kubesphere.io/v1alpha3/{resources}/{name}`. */
  path: string
  handler: KapisHandler
  doc: RouteDoc
}

/** Shorthand for route tables: `route('GET', '/kapis/g/v/x', handler, doc)`. */
export function route(method: Method, path: string, handler: KapisHandler, doc: RouteDoc): Route {
  return { method, path, handler, doc }
}

/** The query parameters every list route understands (kapis.md §4.1). */
export const LIST_QUERY: readonly QueryParamDoc[] = [
  { name: 'name', description: 'substring of the name or of the alias annotation' },
  { name: 'label', description: 'label filter' },
  { name: 'labelSelector', description: 'Kubernetes label selector applied when reading' },
  {
    name: 'sortBy',
    description: 'sort field: creationTimestamp (default), name, or a field of the resource',
  },
  { name: 'ascending', description: 'sort ascending (default false: newest or Z first)', type: 'boolean' },
  { name: 'page', description: 'page number, from 1', type: 'integer' },
  { name: 'limit', description: 'page size; absent or -1: everything', type: 'integer' },
]
