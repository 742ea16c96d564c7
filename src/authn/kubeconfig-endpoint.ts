/**
 * GET /kapis/resources.kubesphere.io/v1alpha2/users/{user}/kubeconfig: KubeSphere's "download
 * kubeconfig", answered as text/plain YAML. The kubeconfig points at this server over https
 * (with the CA when the certificate is self-signed) as the caller addressed it, and carries a
 * static token of the user's own: it does not expire, is bound to the User's uid (deleting the
 * user ends it), stops working while the user is disabled or locked out, and /oauth/logout with
 * it revokes it. Callers get only their own kubeconfig.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { newForbidden, newMethodNotSupported, newNotFound, newUnauthorized } from '../apimachinery/errors.js'
import type { UserInfo } from '../apimachinery/user.js'
import { kubeconfigFor } from '../cli/kubeconfig.js'
import { writePlain } from '../server/response-writers.js'
import type { Identity } from './identity.js'
import { isAnonymous, USERS } from './users.js'

const PATH = /^\/kapis\/resources\.kubesphere\.io\/v1alpha2\/users\/([^/]+)\/kubeconfig$/

export function isUserKubeconfigPath(path: string): boolean {
  return PATH.test(path)
}

export async function serveUserKubeconfig(
  id: Identity,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  caller: UserInfo | undefined,
): Promise<void> {
  const name = decodeURIComponent(PATH.exec(path)![1])
  if ((req.method ?? 'GET') !== 'GET') throw newMethodNotSupported()
  if (!caller || isAnonymous(caller)) throw newUnauthorized()
  if (caller.name !== name) throw newForbidden(USERS, name, 'a user may only get their own kubeconfig')
  const user = id.users.get(name)
  if (!user) throw newNotFound(USERS, name)
  const host = req.headers.host ?? (req.headers[':authority'] as string | undefined) ?? 'localhost'
  const token = await id.userStaticToken(name)
  const text = kubeconfigFor({ server: `https://${host}`, token, user: name, caData: id.caData })
  writePlain(res, 200, text)
}
