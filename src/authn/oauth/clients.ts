/**
 * OAuth clients (auth.md §5.2). The built-in trusted client `kubesphere` (secret `kubesphere`,
 * no redirect URIs: password and refresh grants only) needs no object; more clients, or a
 * replacement for the built-in one, are Secrets in kubesphere-system of type
 * config.kubesphere.io/oauthclient, labelled config.kubesphere.io/type=oauthclient, with the
 * client as YAML under data key configuration.yaml. Lookups match the YAML `name`.
 */
import { parse } from 'yaml'
import type { ResourceRegistry } from '../../registry/registry.js'

export const GRANT_METHODS = ['auto', 'prompt', 'deny'] as const
export type GrantMethod = (typeof GRANT_METHODS)[number]

export interface OAuthClient {
  name: string
  secret: string
  trusted: boolean
  grantMethod: GrantMethod
  scopeRestrictions: string[]
  redirectURIs: string[]
  accessTokenMaxAgeSeconds: number
  accessTokenInactivityTimeoutSeconds: number
}

export const BUILTIN_CLIENT: Readonly<OAuthClient> = Object.freeze({
  name: 'kubesphere',
  secret: 'kubesphere',
  trusted: true,
  grantMethod: 'auto',
  scopeRestrictions: ['openid', 'email', 'profile'],
  redirectURIs: [],
  accessTokenMaxAgeSeconds: 0,
  accessTokenInactivityTimeoutSeconds: 0,
})

export const CLIENT_SECRET_NAMESPACE = 'kubesphere-system'
export const CLIENT_SECRET_TYPE = 'config.kubesphere.io/oauthclient'
export const CONFIG_TYPE_LABEL = 'config.kubesphere.io/type'

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [])
const int = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : 0)

/** A client from a Secret, or undefined when the Secret is not a readable client. */
export function clientFromSecret(secret: any): OAuthClient | undefined {
  if (secret?.type !== CLIENT_SECRET_TYPE || secret.metadata?.labels?.[CONFIG_TYPE_LABEL] !== 'oauthclient') return undefined
  const data = secret.data?.['configuration.yaml']
  if (typeof data !== 'string') return undefined
  let c: any
  try {
    c = parse(Buffer.from(data, 'base64').toString('utf8'))
  } catch {
    return undefined
  }
  if (!c || typeof c !== 'object' || typeof c.name !== 'string' || !c.name) return undefined
  return {
    name: c.name,
    secret: typeof c.secret === 'string' ? c.secret : '',
    trusted: c.trusted === true,
    grantMethod: GRANT_METHODS.includes(c.grantMethod) ? c.grantMethod : 'auto',
    scopeRestrictions: strings(c.scopeRestrictions),
    redirectURIs: strings(c.redirectURIs),
    accessTokenMaxAgeSeconds: int(c.accessTokenMaxAgeSeconds),
    accessTokenInactivityTimeoutSeconds: int(c.accessTokenInactivityTimeoutSeconds),
  }
}

export class OAuthClients {
  constructor(private readonly registry: ResourceRegistry) {}

  async find(name: string): Promise<OAuthClient | undefined> {
    if (!name) return undefined
    const secrets = this.registry.storeFor('', 'secrets')
    if (secrets) {
      const page = await secrets.deps.cache.list(secrets.collectionPrefix(CLIENT_SECRET_NAMESPACE))
      for (const c of page.items) {
        const client = clientFromSecret(c.obj)
        if (client?.name === name) return client
      }
    }
    return name === BUILTIN_CLIENT.name ? BUILTIN_CLIENT : undefined
  }
}

/**
 * The redirect URI a request may use with `client`: the given one when it is registered
 * (exact match), the first registered parseable URI when none is given, else undefined.
 */
export function resolveRedirectURI(client: OAuthClient, requested: string): string | undefined {
  if (!requested) return client.redirectURIs.find((u) => URL.canParse(u))
  return client.redirectURIs.includes(requested) && URL.canParse(requested) ? requested : undefined
}

/** Lifetimes (ms) for tokens issued to `client`: its own when it sets both, else the global ones. */
export function lifetimesFor(client: OAuthClient | undefined, maxAgeMs: number, inactivityMs: number): { maxAgeMs: number; inactivityMs: number } {
  if (client && client.accessTokenMaxAgeSeconds > 0 && client.accessTokenInactivityTimeoutSeconds > 0) {
    return { maxAgeMs: client.accessTokenMaxAgeSeconds * 1000, inactivityMs: client.accessTokenInactivityTimeoutSeconds * 1000 }
  }
  return { maxAgeMs, inactivityMs }
}
