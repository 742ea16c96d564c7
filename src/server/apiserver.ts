/**
 * Assembles one ks-apiserver: storage, watch cache, registry with every served kind,
 * admission, controllers, authentication and the HTTP handler chain.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { AdmissionChain } from '../admission/chain.js'
import { namespaceLifecycle } from '../admission/plugins/namespace-lifecycle.js'
import { userEmailPlugin } from '../admission/plugins/user-email.js'
import { userPasswordPlugin } from '../admission/plugins/user-password.js'
import { crdStrategy } from '../apis/apiextensions/crd-strategy.js'
import { builtinStrategies } from '../apis/builtin.js'
import { DefaultSchemaSupport } from '../apis/schema-support.js'
import { ensureAdminUser } from '../authn/bootstrap-admin.js'
import { Identity } from '../authn/identity.js'
import type { AuthOptions } from '../authn/options.js'
import type { TokenIssuer } from '../authn/token-issuer.js'
import { UserDirectory } from '../authn/users.js'
import { CrdController } from '../controllers/crd-controller.js'
import { GarbageCollector } from '../controllers/garbage-collector.js'
import { LoginRecordController } from '../controllers/login-record-controller.js'
import { UserController } from '../controllers/user-controller.js'
import { NamespaceController } from '../controllers/namespace-controller.js'
import { NamespaceWorkspaceController } from '../controllers/namespace-workspace-controller.js'
import { RoleAggregationController } from '../controllers/role-aggregation-controller.js'
import { WorkspaceTemplateController } from '../controllers/workspace-template-controller.js'
import { roleEscalationPlugin } from '../admission/plugins/role-escalation.js'
import { Authorization } from '../authz/authorization.js'
import { registerReviews } from '../authz/reviews/register.js'
import { WorkloadControllers } from '../controllers/workloads/workload-controllers.js'
import { ServiceAccountControllers } from '../controllers/serviceaccounts/serviceaccount-controllers.js'
import { serviceAccountInjector } from '../admission/plugins/serviceaccount-injector.js'
import { ResourceRegistry } from '../registry/registry.js'
import { Store, type StoreDeps } from '../registry/store.js'
import { WatchCache } from '../storage/cache/watch-cache.js'
import type { Storage } from '../storage/interface.js'
import { openSqliteStorage } from '../storage/sqlite/sqlite-storage.js'
import { buildHandler } from './chain.js'
import { Discovery } from './discovery/discovery.js'
import { CustomHandlers } from './endpoints/custom.js'
import { listen, type Listening } from './http.js'
import { OpenApiService, type OpenApiResource } from './openapi/service.js'
import { bootstrap } from './bootstrap.js'
import { logger } from '../observability/logger.js'
import { KapisApi } from '../kapis/kapis.js'
import { issuerView } from '../kapis/config/oauth-view.js'
import { verifyPassword } from '../authn/password-hash.js'

export interface ApiServerConfig {
  dataDir: string
  bindAddress: string
  port: number
  tls?: { cert: string | Buffer; key: string | Buffer; caData?: string }
  /** Use this storage instead of SQLite in the data dir (tests, etcd). */
  storage?: Storage
  /** Password of the bootstrap admin on first start; generated when absent. */
  adminPassword?: string
  /** Authentication settings (flags); the rest keep their defaults. */
  auth?: Partial<AuthOptions>
}

export interface RunningApiServer {
  /** http://host:port */
  url: string
  /** https://host:port (same port) when TLS is configured. */
  secureUrl?: string
  port: number
  registry: ResourceRegistry
  issuer: TokenIssuer
  identity: Identity
  /** Set on the first start when the admin password was generated: show it once. */
  generatedAdminPassword?: string
  close(): Promise<void>
}

export async function startApiServer(cfg: ApiServerConfig): Promise<RunningApiServer> {
  mkdirSync(cfg.dataDir, { recursive: true, mode: 0o700 })
  const storage = cfg.storage ?? openSqliteStorage(join(cfg.dataDir, 'state.db'))
  const cache = new WatchCache(storage)
  await cache.start()

  const registry = new ResourceRegistry()
  const admission = new AdmissionChain([namespaceLifecycle, userPasswordPlugin(), userEmailPlugin(new UserDirectory(registry))])
  const deps: StoreDeps = { storage, cache, admission, reader: registry, schema: new DefaultSchemaSupport() }
  for (const strategy of builtinStrategies) registry.register(new Store(strategy, deps))
  const crds = new Store(crdStrategy, deps)
  registry.register(crds)

  const crdController = new CrdController(crds, registry, deps)
  await crdController.start()
  await crdController.controller.whenIdle()
  const gc = new GarbageCollector(registry)
  await gc.start()
  const nsController = new NamespaceController(registry.storeFor('', 'namespaces')!, registry)
  await nsController.start()
  const workloads = new WorkloadControllers(registry)
  await workloads.start()

  await bootstrap(registry, crdController)

  // Authorization: indexes filled before the first request; controllers after the built-in objects exist.
  const authorization = new Authorization()
  await authorization.start(registry)
  admission.add(roleEscalationPlugin({ authorizer: authorization.authorizer, index: authorization.index, registry }))
  const authzControllers = [new RoleAggregationController(registry), new WorkspaceTemplateController(registry), new NamespaceWorkspaceController(registry)]
  for (const c of authzControllers) await c.start()
  const custom = new CustomHandlers()
  registerReviews(custom, registry, authorization)

  const identity = new Identity({ dataDir: cfg.dataDir, storage, registry, options: cfg.auth, caData: cfg.tls?.caData })
  await identity.start()
  // KubeSphere ServiceAccounts: token Secrets filled by the identity's issuer, and the pod
  // injector (TLS mode off, as upstream's default: pods get the token only).
  const serviceAccounts = new ServiceAccountControllers(registry, async (username) => (await identity.issuer.issueToken({ username, tokenType: 'static_token' })).token)
  await serviceAccounts.start()
  admission.add(serviceAccountInjector({ redefault: (pod) => registry.storeFor('', 'pods')?.strategy.defaults?.(pod) }))
  const { generatedPassword } = await ensureAdminUser(registry, cfg.adminPassword)
  const userController = new UserController({ users: identity.users, registry, tokens: identity.store, options: identity.options })
  await userController.start()
  const loginRecordController = new LoginRecordController({ users: identity.users, options: identity.options })
  await loginRecordController.start()
  const issuer = identity.issuer
  const openapi = new OpenApiService()
  const refreshOpenApi = () => openapi.setResources(openApiResources(registry))
  refreshOpenApi()
  registry.onChange(refreshOpenApi)

  const kapis = new KapisApi({
    registry,
    access: authorization,
    verifyPassword,
    hostClusterName: 'host',
    oauthIssuer: () => issuerView(identity.options),
  })

  const handler = buildHandler({
    registry,
    custom,
    authorizer: authorization.requestAuthorizer,
    authenticator: identity.authenticator,
    routes: identity.routes,
    discovery: new Discovery(registry),
    openapi,
    kapis,
    health: [
      { name: 'ping', check: () => true },
      { name: 'log', check: () => true },
      { name: 'etcd', check: async () => (await storage.currentRevision()) >= 0 },
      { name: 'informer-sync', check: () => cache.revision >= 0, readinessOnly: true },
    ],
  })
  const listening: Listening = await listen(handler, {
    host: cfg.bindAddress,
    port: cfg.port,
    tls: cfg.tls ? { cert: cfg.tls.cert, key: cfg.tls.key } : undefined,
  })
  logger.info({ url: listening.url, secureUrl: listening.secureUrl }, 'ks-apiserver is serving')

  return {
    url: listening.url,
    secureUrl: listening.secureUrl,
    port: listening.port,
    registry,
    issuer,
    identity,
    generatedAdminPassword: generatedPassword,
    async close() {
      await listening.close()
      userController.stop()
      loginRecordController.stop()
      identity.stop()
      for (const c of authzControllers) c.stop()
      authorization.stop()
      crdController.stop()
      gc.stop()
      nsController.stop()
      workloads.stop()
      serviceAccounts.stop()
      cache.stop()
      await storage.close()
    },
  }
}

function openApiResources(registry: ResourceRegistry): OpenApiResource[] {
  return registry.all().map(({ store, info }) => ({
    group: info.group,
    version: info.version,
    kind: info.kind,
    resource: info.resource,
    namespaced: info.scope === 'Namespaced',
    verbs: info.verbs,
    schemaName: store.strategy.schemaName,
    subresources: [
      ...(info.subresources?.status ? ['status'] : []),
      ...(info.subresources?.scale ? ['scale'] : []),
      ...(info.subresources?.other ?? []).map((o) => o.name),
    ],
    crdSchema: store.strategy.crdSchema,
    isCustomResource: store.strategy.isCustomResource,
  }))
}
