/**
 * Request authentication (auth.md §4): a union of authenticators tried in order (anonymous,
 * basic, bearer). Each one abstains (undefined) when the request is not its kind, answers the
 * caller, or throws a 401 ApiError saying why the credentials are refused. The union returns the
 * first answer; when none answers it throws 401 with the refusal, or with
 * `The request cannot be authenticated.` when every authenticator abstained.
 */
import type { IncomingMessage } from 'node:http'
import { isApiError, newUnauthorized } from '../apimachinery/errors.js'
import type { UserInfo } from '../apimachinery/user.js'

export interface Authenticator {
  /** The caller, or undefined to abstain. Throws a 401 ApiError on refused credentials. */
  authenticate(req: IncomingMessage): Promise<UserInfo | undefined>
}

export const CANNOT_AUTHENTICATE = 'The request cannot be authenticated.'

/**
 * The Authorization header, or X-KubeSphere-Authorization when Authorization is empty (member
 * clusters receive proxied credentials that way).
 */
export function authorizationHeader(req: IncomingMessage): string {
  const h = req.headers.authorization
  if (h) return h
  const ks = req.headers['x-kubesphere-authorization']
  return (Array.isArray(ks) ? ks[0] : ks) ?? ''
}

export class UnionAuthenticator implements Authenticator {
  constructor(private readonly authenticators: Authenticator[]) {}

  async authenticate(req: IncomingMessage): Promise<UserInfo> {
    const refusals: string[] = []
    for (const a of this.authenticators) {
      try {
        const user = await a.authenticate(req)
        if (user) return user
      } catch (err) {
        if (!isApiError(err) || err.code !== 401) throw err
        refusals.push(err.message)
      }
    }
    if (refusals.length === 0) throw newUnauthorized(CANNOT_AUTHENTICATE)
    throw newUnauthorized(refusals.length === 1 ? refusals[0] : `[${refusals.join(', ')}]`)
  }
}
