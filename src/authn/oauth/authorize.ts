/**
 * GET|POST /oauth/authorize (auth.md §5.4). The end user is already authenticated on the
 * request (bearer or basic); there is no login page. Until the redirect URI is known, errors are
 * JSON; after that they are redirects carrying error, error_description and state. Codes are
 * bound to their client, redirect URI and PKCE challenge (checked at the token endpoint).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { UserInfo } from '../../apimachinery/user.js'
import type { Identity } from '../identity.js'
import { isAnonymous } from '../users.js'
import { resolveRedirectURI, type OAuthClient } from './clients.js'
import { readForm, requireMethod } from './form.js'
import { issueIdToken } from './id-token.js'
import { isPkceMethod } from './pkce.js'
import { encodeSorted, OAuthError, redirect, SERVER_ERROR_DESCRIPTION, writeText, type OAuthErrorCode } from './respond.js'

const CODE_TTL_SECONDS = 600

/** An error that is answered by redirecting to the client. */
class RedirectError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
  ) {
    super(description)
  }
}

export async function handleAuthorize(
  id: Identity,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
  user: UserInfo | undefined,
): Promise<void> {
  requireMethod(req, 'GET', 'POST')
  const p = req.method === 'POST' ? await readForm(req) : query
  const client = await id.clients.find(p.get('client_id') ?? '')
  if (!client) throw new OAuthError(400, 'invalid_client', 'The provided client_id is invalid or does not exist.')
  const redirectUri = resolveRedirectURI(client, p.get('redirect_uri') ?? '')
  if (!redirectUri) throw new OAuthError(400, 'invalid_request', 'Redirect URI is not allowed.')
  const state = p.get('state') ?? ''
  try {
    await authorize(id, res, p, user, client, redirectUri, state)
  } catch (e) {
    if (!(e instanceof RedirectError)) throw e
    const url = new URL(redirectUri)
    url.search = encodeSorted({ error: e.error, ...(e.description ? { error_description: e.description } : {}), ...(state ? { state } : {}) })
    redirect(res, url.toString())
  }
}

async function authorize(
  id: Identity,
  res: ServerResponse,
  p: URLSearchParams,
  user: UserInfo | undefined,
  client: OAuthClient,
  redirectUri: string,
  state: string,
): Promise<void> {
  const scopes = (p.get('scope') ?? '').split(' ')
  if (!scopes.every((s) => client.scopeRestrictions.includes(s))) {
    throw new RedirectError('invalid_scope', 'The requested scope is invalid or not supported.')
  }
  const responseType = p.get('response_type') ?? ''
  const types = responseType.split(' ')
  if (types.length > 1 || (responseType && !['code', 'id_token', 'token'].includes(responseType))) {
    throw new RedirectError(
      'unsupported_response_type',
      `The provided response_type ${responseType} is not supported by the authorization server.`,
    )
  }
  if (client.grantMethod === 'deny') {
    throw new RedirectError('invalid_grant', 'The resource owner or authorization server denied the request.')
  }
  const prompt = p.get('prompt') ?? ''
  if (!user || isAnonymous(user)) {
    if (prompt !== 'none' && /^https?:\/\//.test(id.options.issuer)) return redirect(res, id.options.issuer)
    throw new RedirectError('login_required', 'Not authenticated.')
  }
  if (client.grantMethod !== 'auto' && prompt === 'none') {
    throw new RedirectError('interaction_required', 'Consent is required before proceeding with the request.')
  }
  const nonce = p.get('nonce') ?? ''
  if (responseType === 'code') {
    const challenge = p.get('code_challenge') ?? ''
    const method = p.get('code_challenge_method') || 'plain'
    if (challenge && !isPkceMethod(method)) throw new RedirectError('invalid_request', 'Transform algorithm not supported.')
    const stored = id.users.get(user.name)
    const { token } = await id.tokens.issue({
      username: user.name,
      uid: stored?.metadata?.uid,
      tokenType: 'code',
      ttlSeconds: CODE_TTL_SECONDS,
      audience: [client.name],
      scopes,
      nonce: nonce || undefined,
      redirectUri,
      ...(challenge ? { codeChallenge: challenge, codeChallengeMethod: method } : {}),
    })
    const url = new URL(redirectUri)
    const params = Object.fromEntries(url.searchParams)
    url.search = encodeSorted({ ...params, code: token, ...(state ? { state } : {}) })
    return redirect(res, url.toString())
  }
  if (responseType === 'id_token') {
    // Upstream answers an id_token request without nonce with an empty 200.
    if (!nonce) return writeText(res, 200, '')
    const stored = id.users.get(user.name)
    if (!stored) throw new OAuthError(500, 'server_error', SERVER_ERROR_DESCRIPTION)
    const idToken = await issueIdToken(id, stored, client, scopes, nonce)
    const url = new URL(redirectUri)
    url.hash = new URLSearchParams({ id_token: idToken, state }).toString()
    return redirect(res, url.toString())
  }
  throw new RedirectError('unsupported_response_type', 'The provided response_type is not supported by the authorization server.')
}
