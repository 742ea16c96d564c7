/**
 * The handler chain, outermost first:
 *   recover (any throw → Status) → request info → logging → health/version (anonymous)
 *   → authentication (401) → authorization (403, src/authz) → dispatch: discovery, OpenAPI,
 *   resources. A path the request-info parser rejects ends in KubeSphere's 500 text.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { newNotFoundPath, newUnauthorized } from '../apimachinery/errors.js'
import type { UserInfo } from '../apimachinery/user.js'
import type { Authenticator } from '../authn/authenticator.js'
import { ANONYMOUS_USER } from '../authn/users.js'
import { logger } from '../observability/logger.js'
import type { Discovery } from './discovery/discovery.js'
import { serveResource, type ResourceDeps } from './endpoints/resource.js'
import { isHealthPath, serveHealth, type HealthCheck } from './health.js'
import { parseRequestInfo, RequestInfoError, type RequestInfo } from './request-info.js'
import { writePlain, writeStatus } from './response-writers.js'

export interface OpenApiHandler {
  handle(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): boolean
}

/** Decides a request; throws a 403 ApiError to deny. */
export interface RequestAuthorizer {
  authorize(user: UserInfo, ri: RequestInfo): Promise<void> | void
}

/** The /kapis API (src/kapis/kapis.ts), served after authorization. */
export interface KapisServer {
  owns(path: string): boolean
  serve(req: IncomingMessage, res: ServerResponse, path: string, ri: RequestInfo, query: URLSearchParams, user: UserInfo): Promise<void>
}

export interface ChainDeps extends ResourceDeps {
  authenticator: Authenticator
  authorizer?: RequestAuthorizer
  discovery: Discovery
  openapi: OpenApiHandler
  health: HealthCheck[]
  kapis?: KapisServer
  /** Extra non-resource routes (e.g. /oauth, /kapis handlers), tried before resources. */
  routes?: (req: IncomingMessage, res: ServerResponse, ri: RequestInfo, query: URLSearchParams, user?: UserInfo) => Promise<boolean> | boolean
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void

/** Path (percent-decoded per segment, as WHATWG URL leaves it) and query of a request target. */
export function splitUrl(target: string): { path: string; query: URLSearchParams } {
  const q = target.indexOf('?')
  const raw = q < 0 ? target : target.slice(0, q)
  // Absolute-form targets and dot segments are rare; let URL normalise those.
  if (!raw.startsWith('/') || raw.includes('/.') || raw.includes('%2e') || raw.includes('%2E')) {
    const url = new URL(target, 'http://localhost')
    return { path: url.pathname, query: url.searchParams }
  }
  return { path: raw, query: new URLSearchParams(q < 0 ? '' : target.slice(q + 1)) }
}

export function buildHandler(deps: ChainDeps): Handler {
  return (req, res) => {
    const started = process.hrtime.bigint()
    const requestId = randomUUID()
    const { path, query } = splitUrl(req.url ?? '/')
    const scope: { ri?: RequestInfo } = {}
    if (logger.isLevelEnabled('debug')) {
      res.on('finish', () => {
        const ri = scope.ri
        logger.debug({
          requestId,
          verb: ri?.verb,
          resource: ri?.resource,
          namespace: ri?.namespace,
          name: ri?.name,
          code: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        })
      })
    }
    serve(req, res, path, query, requestId, deps, scope).catch((err) => writeStatus(res, err, undefined, requestId))
  }
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
  requestId: string,
  deps: ChainDeps,
  scope: { ri?: RequestInfo },
): Promise<void> {
  let ri: RequestInfo
  try {
    ri = parseRequestInfo(req.method ?? 'GET', path, query)
  } catch (err) {
    if (!(err instanceof RequestInfoError)) throw err
    // KubeSphere's wording, typo included (authz.md §3.2).
    return writePlain(res, 500, `Internal Server Error: ${JSON.stringify(req.url ?? path)}: failed to crate RequestInfo: ${err.message}\n`)
  }
  scope.ri = ri
  if (isHealthPath(path)) return serveHealth(req, res, path, query, deps.health)

  const user = await deps.authenticator.authenticate(req)
  if (deps.routes && (await deps.routes(req, res, ri, query, user))) return
  // Anonymous callers (system:anonymous) get only what `routes` served above until an
  // authorizer decides what else they may do.
  if (!user || (!deps.authorizer && user.name === ANONYMOUS_USER)) throw newUnauthorized()
  if (deps.authorizer) {
    try {
      await deps.authorizer.authorize(user, ri)
    } catch (err) {
      res.setHeader('X-Content-Type-Options', 'nosniff')
      throw err
    }
  }

  if (deps.kapis?.owns(path)) return deps.kapis.serve(req, res, path, ri, query, user)

  if (ri.isResourceRequest && ri.apiPrefix !== 'kapis') {
    return serveResource(req, res, ri, query, user, requestId, deps)
  }
  if (deps.discovery.handle(req, res, path)) return
  if (path.startsWith('/openapi/') && deps.openapi.handle(req, res, path, query)) return
  throw newNotFoundPath()
}
