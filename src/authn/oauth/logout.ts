/**
 * GET /oauth/logout (auth.md §5.6): revokes the presented bearer token (which authentication
 * has already accepted) and answers success, or redirects to post_logout_redirect_uri. Only
 * that token is revoked; its refresh token stays valid.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { logger } from '../../observability/logger.js'
import { authorizationHeader } from '../authenticator.js'
import { parseBearer } from '../bearer.js'
import type { Identity } from '../identity.js'
import { requireMethod } from './form.js'
import { PlainError, redirect, writeJson } from './respond.js'

export async function handleLogout(id: Identity, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
  requireMethod(req, 'GET')
  const token = parseBearer(authorizationHeader(req))
  if (token !== undefined) {
    try {
      const { claims } = await id.bearer.verify(token)
      await id.tokens.revoke(token, claims)
    } catch (err) {
      logger.error({ err: (err as Error).message }, 'revoking a token at logout failed')
      throw new PlainError(500, 'failed to revoke access token')
    }
  }
  const target = query.get('post_logout_redirect_uri') ?? ''
  if (!target) return writeJson(res, 200, { message: 'success' })
  let url: URL
  try {
    url = new URL(target)
  } catch (e) {
    throw new PlainError(400, `invalid logout redirect URI: ${(e as Error).message}`)
  }
  const state = query.get('state')
  if (state) url.searchParams.set('state', state)
  redirect(res, url.toString())
}
