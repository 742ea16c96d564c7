/**
 * OIDC discovery, JWKS and userinfo (auth.md §5.7–5.9). Endpoint URLs are the issuer followed by
 * the path when the issuer is an http(s) URL; with the default issuer `kubesphere` (not a URL)
 * they are built from the address the client used.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'
import type { UserInfo } from '../../apimachinery/user.js'
import type { Identity } from '../identity.js'
import { isAnonymous } from '../users.js'
import { OAuthError, SERVER_ERROR_DESCRIPTION, writeJson } from './respond.js'

/** `https://host:port` as the client addressed this server. */
export function requestOrigin(req: IncomingMessage): string {
  const tls = (req.socket as TLSSocket | undefined)?.encrypted === true
  const host = req.headers.host ?? (req.headers[':authority'] as string | undefined) ?? 'localhost'
  return `${tls ? 'https' : 'http'}://${host}`
}

function baseUrl(id: Identity, req: IncomingMessage): string {
  return /^https?:\/\//.test(id.options.issuer) ? id.options.issuer : requestOrigin(req)
}

export function serveDiscovery(id: Identity, req: IncomingMessage, res: ServerResponse): void {
  const u = baseUrl(id, req)
  writeJson(res, 200, {
    issuer: id.options.issuer,
    authorization_endpoint: `${u}/oauth/authorize`,
    token_endpoint: `${u}/oauth/token`,
    userinfo_endpoint: `${u}/oauth/userinfo`,
    jwks_uri: `${u}/oauth/keys`,
    grant_types_supported: ['authorization_code', 'refresh_token'],
    response_types_supported: ['code', 'id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    code_challenge_methods_supported: ['plain', 'S256'],
    scopes_supported: ['openid', 'email', 'profile'],
    token_endpoint_auth_methods_supported: ['client_secret_post'],
    claims_supported: ['iss', 'sub', 'aud', 'iat', 'exp', 'email', 'locale', 'preferred_username'],
  })
}

export async function serveKeys(id: Identity, res: ServerResponse): Promise<void> {
  const key = await id.oidcKey.get()
  writeJson(res, 200, { keys: [key.jwk] })
}

export function serveUserInfo(id: Identity, res: ServerResponse, user: UserInfo | undefined): void {
  if (!user || isAnonymous(user)) return writeJson(res, 401, 'login_required')
  const stored = id.users.get(user.name)
  if (!stored) throw new OAuthError(500, 'server_error', SERVER_ERROR_DESCRIPTION)
  const info: Record<string, string> = { sub: user.name, url: user.name }
  if (stored.spec?.email) info['email'] = stored.spec.email
  if (stored.spec?.lang) info['locale'] = stored.spec.lang
  info['preferred_username'] = user.name
  writeJson(res, 200, info)
}
