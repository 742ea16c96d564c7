/**
 * POST /oauth/token (auth.md §5.3): the password, refresh_token and authorization_code grants.
 * Every answer carries Cache-Control: no-store and Pragma: no-cache. A request that names no
 * client at all (neither client_id nor client_secret, as the seed's curl) is the built-in
 * trusted client `kubesphere`; a named client must present its secret.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Identity } from '../identity.js'
import { LOGIN_FAILURE_MESSAGES } from '../local-password.js'
import { REASON_SUCCESS } from '../login-recorder.js'
import { sourceIP, userAgent } from '../source-ip.js'
import { loginExtra } from '../users.js'
import { BUILTIN_CLIENT, resolveRedirectURI, type OAuthClient } from './clients.js'
import { readForm } from './form.js'
import { issueIdToken } from './id-token.js'
import { verifyPkce } from './pkce.js'
import { NO_STORE, OAuthError, SERVER_ERROR_DESCRIPTION, writeJson } from './respond.js'

const UNSUPPORTED_GRANT = () => new OAuthError(400, 'unsupported_grant_type', 'The provided grant_type is not supported.')
const INVALID_LOGIN = () => new OAuthError(400, 'invalid_grant', 'Invalid username or password.')
const INVALID_REFRESH = () => new OAuthError(400, 'invalid_grant', 'The refresh token is invalid or expired.')
const INVALID_CODE = () => new OAuthError(400, 'invalid_grant', 'The authorization code is invalid or expired.')
const SERVER_ERROR = () => new OAuthError(500, 'server_error', SERVER_ERROR_DESCRIPTION)

export async function handleToken(id: Identity, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = await readForm(req)
  const client = await authenticateClient(id, form)
  const grant = form.get('grant_type') ?? ''
  let body: unknown
  switch (grant) {
    case 'password':
      if (!client.trusted) throw UNSUPPORTED_GRANT()
      body = await passwordGrant(id, req, form, client)
      break
    case 'refresh_token':
      body = await refreshGrant(id, form, client)
      break
    case 'authorization_code':
    case 'code':
      body = await codeGrant(id, form, client)
      break
    default:
      throw UNSUPPORTED_GRANT()
  }
  writeJson(res, 200, body, NO_STORE)
}

async function authenticateClient(id: Identity, form: URLSearchParams): Promise<OAuthClient> {
  const clientId = form.get('client_id') ?? ''
  const clientSecret = form.get('client_secret') ?? ''
  if (!clientId && !clientSecret) return BUILTIN_CLIENT
  const client = await id.clients.find(clientId)
  if (!client) throw new OAuthError(400, 'invalid_client', 'The provided client_id is invalid or does not exist.')
  if (clientSecret !== client.secret) throw new OAuthError(401, 'unauthorized_client', 'Invalid client credential.')
  return client
}

async function passwordGrant(id: Identity, req: IncomingMessage, form: URLSearchParams, client: OAuthClient): Promise<unknown> {
  // External identity providers (LDAP, OIDC, ...) are not part of this server.
  if (form.get('provider')) throw SERVER_ERROR()
  const result = await id.passwords.check(form.get('username') ?? '', form.get('password') ?? '')
  const record = { type: 'Token' as const, provider: '', sourceIP: sourceIP(req), userAgent: userAgent(req) }
  if (!result.ok) {
    if (result.failure === 'rateLimited') throw new OAuthError(429, 'invalid_grant', 'Rate limit exceeded.')
    if (result.failure === 'notActive') throw new OAuthError(400, 'invalid_grant', 'Account suspended.')
    if (result.user) {
      await id.recorder.record(result.user.metadata.name, { ...record, success: false, reason: LOGIN_FAILURE_MESSAGES.incorrect })
    }
    throw INVALID_LOGIN()
  }
  const user = result.user
  const tokens = await id.tokens.login({ name: user.metadata.name, uid: user.metadata.uid, extra: loginExtra(user) }, client)
  await id.recorder.record(user.metadata.name, { ...record, success: true, reason: REASON_SUCCESS })
  return tokens
}

async function refreshGrant(id: Identity, form: URLSearchParams, client: OAuthClient): Promise<unknown> {
  const redeemed = await id.tokens.redeemable(form.get('refresh_token') ?? '', 'refresh_token')
  if (!redeemed) throw INVALID_REFRESH()
  const { claims } = redeemed
  // A user who was deleted, re-created, disabled or locked out in the meantime gets nothing.
  if (!id.acceptsUser(claims.username, claims.uid)) throw INVALID_REFRESH()
  return id.tokens.login({ name: claims.username, uid: claims.uid, extra: claims.extra }, client)
}

async function codeGrant(id: Identity, form: URLSearchParams, client: OAuthClient): Promise<unknown> {
  const code = form.get('code') ?? ''
  if (!code) throw new OAuthError(400, 'invalid_request', 'The authorization code is empty or missing.')
  const redirectUri = resolveRedirectURI(client, form.get('redirect_uri') ?? '')
  if (!redirectUri) throw new OAuthError(400, 'invalid_request', 'Redirect URI is not allowed.')
  const redeemed = await id.tokens.redeemable(code, 'code')
  if (!redeemed) throw INVALID_CODE()
  const { claims } = redeemed
  // Codes are bound to the client and redirect URI they were issued for, and used once.
  if (!claims.audience?.includes(client.name) || claims.redirectUri !== redirectUri) throw INVALID_CODE()
  await id.tokens.revoke(code, claims)
  if (!verifyPkce(claims, form.get('code_verifier') ?? '')) {
    throw new OAuthError(400, 'invalid_grant', 'The code_verifier does not match the code_challenge.')
  }
  const user = id.users.get(claims.username)
  if (!user || !id.acceptsUser(claims.username, claims.uid)) throw INVALID_CODE()
  const tokens = await id.tokens.login({ name: claims.username, uid: claims.uid, extra: claims.extra }, client)
  if (claims.scopes?.includes('openid')) {
    const idToken = await issueIdToken(id, user, client, claims.scopes, claims.nonce)
    return { access_token: tokens.access_token, token_type: tokens.token_type, refresh_token: tokens.refresh_token, id_token: idToken, ...(tokens.expires_in ? { expires_in: tokens.expires_in } : {}) }
  }
  return tokens
}
