/**
 * Identity, assembled: options, token issuer and store, user lookups, password logins with
 * login records and lock-out, the request authenticators, OAuth clients and the OIDC key. The
 * API server builds one, starts it after the KubeSphere CRDs are served, and plugs in
 * `authenticator` and `routes`.
 */
import { newUnauthorized, quote } from '../apimachinery/errors.js'
import type { ResourceRegistry } from '../registry/registry.js'
import type { Storage } from '../storage/interface.js'
import { AnonymousAuthenticator } from './anonymous.js'
import { UnionAuthenticator } from './authenticator.js'
import { BasicAuthenticator } from './basic.js'
import { BearerTokenAuthenticator, type ServiceAccountCheck } from './bearer.js'
import { LocalPasswordAuthenticator } from './local-password.js'
import { LoginRecorder } from './login-recorder.js'
import { OAuthClients } from './oauth/clients.js'
import { identityRoutes, type Routes } from './oauth/router.js'
import { OidcKeySource } from './oidc-key.js'
import { authOptions, type AuthOptions } from './options.js'
import { loadOrCreateSigningKey } from './signing-key.js'
import { TokenIssuer } from './token-issuer.js'
import { TokenService } from './token-service.js'
import { TokenStore } from './token-store.js'
import { effectiveState, UserDirectory } from './users.js'

export interface IdentityConfig {
  dataDir: string
  storage: Storage
  registry: ResourceRegistry
  options?: Partial<AuthOptions>
  /** Base64 CA bundle for kubeconfigs, when the serving certificate is self-signed. */
  caData?: string
  /** Issue 5's hook: decides whether a ServiceAccount named by a token is acceptable. */
  checkServiceAccount?: ServiceAccountCheck
  now?: () => number
}

export class Identity {
  readonly options: AuthOptions
  readonly now: () => number
  readonly issuer: TokenIssuer
  readonly store: TokenStore
  readonly tokens: TokenService
  readonly users: UserDirectory
  readonly passwords: LocalPasswordAuthenticator
  readonly recorder: LoginRecorder
  readonly clients: OAuthClients
  readonly oidcKey: OidcKeySource
  readonly bearer: BearerTokenAuthenticator
  readonly authenticator: UnionAuthenticator
  readonly routes: Routes
  readonly caData?: string

  constructor(cfg: IdentityConfig) {
    this.options = authOptions(cfg.options)
    this.now = cfg.now ?? Date.now
    this.caData = cfg.caData
    const o = this.options
    this.issuer = new TokenIssuer(loadOrCreateSigningKey(cfg.dataDir), {
      issuer: o.issuer,
      maximumClockSkewMs: o.maximumClockSkewMs,
      now: this.now,
    })
    this.store = new TokenStore(cfg.storage, { now: this.now })
    this.tokens = new TokenService(this.issuer, this.store, o)
    this.users = new UserDirectory(cfg.registry)
    const lockoutMs = () => o.authenticateRateLimiterDurationMs
    this.passwords = new LocalPasswordAuthenticator(this.users, lockoutMs, this.now)
    this.recorder = new LoginRecorder(this.users, this.store, o, this.now)
    this.clients = new OAuthClients(cfg.registry)
    this.oidcKey = new OidcKeySource(cfg.dataDir)
    this.bearer = new BearerTokenAuthenticator({
      issuer: this.issuer,
      store: this.store,
      users: this.users,
      useStore: () => this.tokens.useStore,
      lockoutMs,
      checkServiceAccount: cfg.checkServiceAccount ?? serviceAccountMustExist(cfg.registry),
      now: this.now,
    })
    this.authenticator = new UnionAuthenticator([
      new AnonymousAuthenticator(),
      new BasicAuthenticator(this.passwords, this.recorder),
      this.bearer,
    ])
    this.routes = identityRoutes(this)
  }

  async start(): Promise<void> {
    await this.store.start()
  }

  stop(): void {
    this.store.stop()
  }

  /** Whether a user named by a token may still get tokens: exists (same uid), neither disabled nor locked. */
  acceptsUser(name: string, uid?: string): boolean {
    const user = this.users.get(name)
    if (!user || (uid && user.metadata?.uid !== uid)) return false
    return effectiveState(user, this.now(), this.options.authenticateRateLimiterDurationMs) === 'Active'
  }

  /** A never-expiring token bound to the User's uid (kubeconfigs). */
  async userStaticToken(name: string): Promise<string> {
    const uid = this.users.get(name)?.metadata?.uid
    return (await this.issuer.issueToken({ username: name, tokenType: 'static_token', uid })).token
  }
}

/** The default ServiceAccount rule: the kubesphere.io ServiceAccount must exist (auth.md §4.3). */
export function serviceAccountMustExist(registry: ResourceRegistry): ServiceAccountCheck {
  return (namespace, name) => {
    const store = registry.storeFor('kubesphere.io', 'serviceaccounts')
    if (!store?.getCached(namespace, name)) throw newUnauthorized(`serviceaccounts.kubesphere.io ${quote(name)} not found`)
  }
}
