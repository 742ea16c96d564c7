/**
 * The /kapis API: every group/version module's routes in one router, the OpenAPI document
 * built from them, and the dispatch the handler chain calls after authentication and
 * authorization. A /kapis request no route takes goes to the generic fallback (kapis.md §9)
 * when its group/version/resource is served by the registry; otherwise 404 (or 405).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  newBadRequest,
  newMethodNotSupported,
  newNotFoundPath,
  newServiceUnavailable,
} from '../apimachinery/errors.js'
import type { UserInfo } from '../apimachinery/user.js'
import type { RequestInfo } from '../server/request-info.js'
import { writeJsonText } from '../server/response-writers.js'
import type { KapisDeps } from './deps.js'
import { genericFallback } from './generic.js'
import { CLUSTER_GROUP } from './objects.js'
import { openApiDocument } from './openapi.js'
import { resourcesV1alpha3Routes } from './resources/v1alpha3.js'
import { route, type Route } from './route.js'
import { KapisRouter } from './router.js'
import { versionRoutes } from './version.js'
import { configV1alpha2Routes } from './config/v1alpha2.js'
import { clusterV1alpha1Routes } from './cluster/v1alpha1.js'
import { tenantV1beta1Routes } from './tenant/v1beta1.js'
import { tenantV1alpha3Routes } from './tenant/v1alpha3.js'
import { iamV1beta1Routes } from './iam/v1beta1.js'

/** Where the OpenAPI (Swagger 2.0) document of the /kapis routes is served. */
export const KAPIS_OPENAPI_PATH = '/kapis/openapi/v2'

export class KapisApi {
  private readonly router = new KapisRouter()
  private openApiText: string | undefined

  constructor(private readonly deps: KapisDeps) {
    this.router.add([
      ...versionRoutes(),
      ...resourcesV1alpha3Routes(deps),
      ...tenantV1beta1Routes(deps),
      ...tenantV1alpha3Routes(deps),
      ...iamV1beta1Routes(deps),
      ...clusterV1alpha1Routes(deps),
      ...configV1alpha2Routes(deps),
      route('GET', KAPIS_OPENAPI_PATH, (r) => writeJsonText(r.res, 200, this.openApi()), {
        summary: 'This OpenAPI (Swagger 2.0) document of the /kapis routes',
        returns: 'Object',
      }),
    ])
  }

  routes(): readonly Route[] {
    return this.router.routes()
  }

  openApi(): string {
    return (this.openApiText ??= JSON.stringify(openApiDocument(this.router.routes())))
  }

  /** True when `path` belongs to /kapis, also behind a `/clusters/{name}` prefix. */
  owns(path: string): boolean {
    return path === '/kapis' || path.startsWith('/kapis/') || CLUSTER_PREFIX.test(path)
  }

  async serve(
    req: IncomingMessage,
    res: ServerResponse,
    fullPath: string,
    ri: RequestInfo,
    query: URLSearchParams,
    user: UserInfo,
  ): Promise<void> {
    const path = this.localPath(fullPath)
    const m = this.router.match(req.method ?? 'GET', path)
    if (m.kind === 'route') return m.route.handler({ req, res, ri, path, query, user, params: m.params })
    if (await genericFallback(this.deps, { req, res, ri, path, query, user, params: {} })) return
    if (m.kind === 'method') {
      res.setHeader('Allow', m.allow.join(', '))
      throw newMethodNotSupported()
    }
    throw newNotFoundPath()
  }

  /**
   * The path without a `/clusters/{name}` prefix naming this (host) cluster (kapis.md §7.3).
   * Member clusters cannot be reached from the embedded single-cluster server: a known
   * cluster answers 503, an unknown one 400.
   */
  private localPath(path: string): string {
    const m = CLUSTER_PREFIX.exec(path)
    if (!m) return path
    const name = decodeURIComponent(m[1])
    const cluster = this.deps.registry.get(CLUSTER_GROUP, 'clusters', '', name)
    const isHost = cluster
      ? cluster.metadata?.labels?.[HOST_LABEL] !== undefined
      : name === 'host' || name === this.deps.hostClusterName
    if (isHost) return m[2]
    if (!cluster) throw newBadRequest(`cluster ${name} not exists`)
    throw newServiceUnavailable(`cluster ${name} is not ready`)
  }
}

const CLUSTER_PREFIX = /^\/clusters\/([^/]+)(\/kapis(?:\/.*)?)$/
const HOST_LABEL = 'cluster-role.kubesphere.io/host'
