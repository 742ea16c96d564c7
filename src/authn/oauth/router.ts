/**
 * The identity routes, plugged into the handler chain's `routes` hook (after authentication,
 * before the "no user" 401 and before authorization): /oauth/*, /.well-known/openid-configuration
 * and the user kubeconfig endpoint. The OAuth paths are open to anonymous callers, as KubeSphere
 * allow-lists them; the kubeconfig endpoint checks its caller itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { UserInfo } from '../../apimachinery/user.js'
import { logger } from '../../observability/logger.js'
import type { RequestInfo } from '../../server/request-info.js'
import type { Identity } from '../identity.js'
import { isUserKubeconfigPath, serveUserKubeconfig } from '../kubeconfig-endpoint.js'
import { handleAuthorize } from './authorize.js'
import { requireMethod } from './form.js'
import { handleLogout } from './logout.js'
import { serveDiscovery, serveKeys, serveUserInfo } from './oidc.js'
import { NO_STORE, OAuthError, PlainError, SERVER_ERROR_DESCRIPTION, writeOAuthError, writeText } from './respond.js'
import { handleToken } from './token-endpoint.js'
import { handleTokenReview } from './token-review.js'

export type Routes = (
  req: IncomingMessage,
  res: ServerResponse,
  ri: RequestInfo,
  query: URLSearchParams,
  user?: UserInfo,
) => Promise<boolean>

export const DISCOVERY_PATH = '/.well-known/openid-configuration'

export function identityRoutes(id: Identity): Routes {
  return async (req, res, ri, query, user) => {
    const path = ri.path
    if (isUserKubeconfigPath(path)) {
      await serveUserKubeconfig(id, req, res, path, user)
      return true
    }
    if (path !== DISCOVERY_PATH && !path.startsWith('/oauth/')) return false
    // The token endpoint's answers, errors included, must not be cached.
    const headers: Record<string, string> = path === '/oauth/token' ? { ...NO_STORE } : {}
    try {
      await dispatch(id, req, res, path, query, user)
    } catch (e) {
      if (e instanceof OAuthError) writeOAuthError(res, e, headers)
      else if (e instanceof PlainError) writeText(res, e.status, e.body, headers)
      else {
        logger.error({ err: e, path }, 'OAuth request failed')
        writeOAuthError(res, new OAuthError(500, 'server_error', SERVER_ERROR_DESCRIPTION), headers)
      }
    }
    return true
  }
}

async function dispatch(
  id: Identity,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
  user: UserInfo | undefined,
): Promise<void> {
  switch (path) {
    case DISCOVERY_PATH:
      requireMethod(req, 'GET')
      return serveDiscovery(id, req, res)
    case '/oauth/keys':
      requireMethod(req, 'GET')
      return serveKeys(id, res)
    case '/oauth/userinfo':
      requireMethod(req, 'GET')
      return serveUserInfo(id, res, user)
    case '/oauth/token':
      requireMethod(req, 'POST')
      return handleToken(id, req, res)
    case '/oauth/authorize':
      return handleAuthorize(id, req, res, query, user)
    case '/oauth/logout':
      return handleLogout(id, req, res, query)
    case '/oauth/authenticate':
      return handleTokenReview(id, req, res)
  }
  if (path.startsWith('/oauth/callback/')) {
    requireMethod(req, 'GET')
    // External identity providers are not part of this server, so no callback can succeed.
    const idp = decodeURIComponent(path.slice('/oauth/callback/'.length))
    throw new PlainError(401, `Unauthorized: identity provider ${idp} not found`)
  }
  throw new PlainError(404, '404: Page Not Found', false)
}
