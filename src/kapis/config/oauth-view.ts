/**
 * The OAuth configuration as `GET /configs/oauth` shows it (kapis.md §11, auth.md §5.11):
 * issuer options with durations in nanoseconds and never the JWT secret; OAuth clients and
 * identity providers from their Secrets in kubesphere-system, without secrets or passwords.
 */
import { parse as yamlParse } from 'yaml'
import type { ResourceRegistry } from '../../registry/registry.js'
import { listOf } from '../objects.js'

const NS_PER_SECOND = 1_000_000_000

export interface IssuerView {
  url: string
  signKey?: string
  accessTokenMaxAge: number
  accessTokenInactivityTimeout: number
  maximumClockSkew: number
}

/** The project's defaults (auth.md, Decisions): 7200 s tokens, refresh 2 h longer, 10 s skew. */
export const DEFAULT_ISSUER_VIEW: IssuerView = {
  url: '',
  accessTokenMaxAge: 7200 * NS_PER_SECOND,
  accessTokenInactivityTimeout: 7200 * NS_PER_SECOND,
  maximumClockSkew: 10 * NS_PER_SECOND,
}

const NS_PER_MS = 1_000_000

/** The issuer view of the identity options (src/authn/options.ts): milliseconds to nanoseconds. */
export function issuerView(o: {
  issuer: string
  accessTokenMaxAgeMs: number
  accessTokenInactivityTimeoutMs: number
  maximumClockSkewMs: number
}): IssuerView {
  return {
    url: o.issuer,
    accessTokenMaxAge: o.accessTokenMaxAgeMs * NS_PER_MS,
    accessTokenInactivityTimeout: o.accessTokenInactivityTimeoutMs * NS_PER_MS,
    maximumClockSkew: o.maximumClockSkewMs * NS_PER_MS,
  }
}

/** The chart's built-in client, shown when no client Secret exists. */
const BUILTIN_CLIENT = {
  name: 'kubesphere',
  trusted: true,
  grantMethod: 'auto',
  scopeRestrictions: ['openid', 'email', 'profile'],
}

const CLIENT_FIELDS = [
  'name',
  'trusted',
  'grantMethod',
  'respondWithChallenges',
  'scopeRestrictions',
  'redirectURIs',
  'accessTokenMaxAgeSeconds',
  'accessTokenInactivityTimeoutSeconds',
] as const

const PROVIDER_FIELDS = ['name', 'mappingMethod', 'type', 'hidden', 'disabled', 'displayName'] as const

/** The parsed `configuration.yaml` of a Secret, or undefined. */
export function secretConfiguration(secret: any): Record<string, any> | undefined {
  const data = secret?.data?.['configuration.yaml']
  const text =
    typeof data === 'string'
      ? Buffer.from(data, 'base64').toString('utf8')
      : secret?.stringData?.['configuration.yaml']
  if (typeof text !== 'string') return undefined
  try {
    const value = yamlParse(text)
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined
  } catch {
    return undefined
  }
}

async function configsOfType(registry: ResourceRegistry, type: string): Promise<Record<string, any>[]> {
  const out: Record<string, any>[] = []
  for (const c of await listOf(registry, '', 'secrets', 'kubesphere-system')) {
    if (c.obj?.type !== type) continue
    const cfg = secretConfiguration(c.obj)
    if (cfg) out.push(cfg)
  }
  return out
}

function pick(obj: Record<string, any>, fields: readonly string[]): Record<string, any> {
  const out: Record<string, any> = {}
  for (const f of fields) if (obj[f] !== undefined) out[f] = obj[f]
  return out
}

/** Provider options without top-level keys that look like credentials. */
function safeProviderOptions(options: unknown): Record<string, any> {
  if (!options || typeof options !== 'object') return {}
  return Object.fromEntries(Object.entries(options).filter(([k]) => !/password|secret/i.test(k)))
}

export async function oauthView(
  registry: ResourceRegistry,
  issuer: IssuerView = DEFAULT_ISSUER_VIEW,
): Promise<unknown> {
  const clients = (await configsOfType(registry, 'config.kubesphere.io/oauthclient')).map((c) =>
    pick(c, CLIENT_FIELDS),
  )
  const providers = (await configsOfType(registry, 'config.kubesphere.io/identityprovider')).map((p) => ({
    ...pick(p, PROVIDER_FIELDS),
    provider: safeProviderOptions(p['provider']),
  }))
  return {
    issuer: pick(issuer, [
      'url',
      'signKey',
      'accessTokenMaxAge',
      'accessTokenInactivityTimeout',
      'maximumClockSkew',
    ]),
    identityProviders: providers,
    clients: clients.length ? clients : [BUILTIN_CLIENT],
  }
}
