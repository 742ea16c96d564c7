/**
 * What /kapis handlers are built from: the registry (reads from its watch cache, writes through
 * its Stores), the in-process access reviewer, and read-only views of server configuration.
 */
import type { ResourceRegistry } from '../registry/registry.js'
import type { AccessReviewer } from './access.js'
import type { IssuerView } from './config/oauth-view.js'

/** Password verification against a stored hash (src/authn/password-hash.ts). */
export type PasswordVerifier = (password: string, hash: string) => Promise<boolean>

export interface KapisDeps {
  registry: ResourceRegistry
  access: AccessReviewer
  /** The token issuer's options as /configs/oauth shows them; the project defaults when absent. */
  oauthIssuer?: () => IssuerView
  verifyPassword: PasswordVerifier
  /** The name of this (host) cluster: `host`. */
  hostClusterName: string
}
