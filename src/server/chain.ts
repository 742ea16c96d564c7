/**
 * The handler chain, outermost first:
 *   recover (any throw → Status) → request info → logging → health/version (anonymous)
 *   → authentication (401) → dispatch: discovery, OpenAPI, resources.
 * Authorization slots in after authentication.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { newNotFoundPath, newUnauthorized } from '../apimachinery/errors.js'
import type { UserInfo } from '../apimachinery/user.js'
import type { Authenticator } from '../authn/authenticator.js'
import { logger } from '../observability/logger.js'
import type { Discovery } from './discovery/discovery.js'
import { serveResource, type ResourceDeps } from './endpoints/resource.js'
import { isHealthPath, serveHealth, type HealthCheck } from './health.js'
import { parseRequestInfo, type RequestInfo } from './request-info.js'
import { writeStatus } from './response-writers.js'

export interface OpenApiHandler {
  handle(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): boolean
}

/** Decides a request; throws a 403 ApiError to deny. */
export interface RequestAuthorizer {
  authorize(user: UserInfo, ri: RequestInfo): Promise<void> | void
}

export interface ChainDeps extends ResourceDeps {
  authenticator: Authenticator
  authorizer?: RequestAuthorizer
  discovery: Discovery
  openapi: OpenApiHandler
  health: HealthCheck[]
  /** Extra non-resource routes (e.g. /oauth, /kapis handlers), tried before resources. */
  routes?: (req: IncomingMessage, res: ServerResponse, ri: RequestInfo, query: URLSearchParams, user?: UserInfo) => Promise<boolean> | boolean
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void

export function buildHandler(deps: ChainDeps): Handler {
  return (req, res) => {
    const started = process.hrtime.bigint()
    const requestId = randomUUID()
    const url = new URL(req.url ?? '/', 'http://localhost')
    const path = url.pathname
    const query = url.searchParams
    let ri: RequestInfo | undefined
    res.on('finish', () => {
      if (!logger.isLevelEnabled('debug')) return
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
    serve(req, res, path, query, requestId, deps, (info) => (ri = info)).catch((err) => writeStatus(res, err, undefined, requestId))
  }
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
  requestId: string,
  deps: ChainDeps,
  setInfo: (ri: RequestInfo) => void,
): Promise<void> {
  const ri = parseRequestInfo(req.method ?? 'GET', path, query)
  setInfo(ri)
  if (isHealthPath(path)) return serveHealth(req, res, path, query, deps.health)

  const user = await deps.authenticator.authenticate(req)
  if (deps.routes && (await deps.routes(req, res, ri, query, user))) return
  if (!user) throw newUnauthorized()
  if (deps.authorizer) await deps.authorizer.authorize(user, ri)

  if (ri.isResourceRequest && ri.apiPrefix !== 'kapis') {
    return serveResource(req, res, ri, query, user, requestId, deps)
  }
  if (deps.discovery.handle(req, res, path)) return
  if (path.startsWith('/openapi/') && deps.openapi.handle(req, res, path, query)) return
  throw newNotFoundPath()
}
