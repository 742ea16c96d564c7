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

/** An authenticator's answer; plain values when it needs no I/O (the common, cached case). */
export type AuthResult = UserInfo | undefined | Promise<UserInfo | undefined>

export interface Authenticator {
  /** The caller, or undefined to abstain. Throws (or rejects with) a 401 ApiError on refused credentials. */
  authenticate(req: IncomingMessage): AuthResult
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

  /** Synchronous while every authenticator answers synchronously, so a cached token costs no promise. */
  authenticate(req: IncomingMessage): UserInfo | Promise<UserInfo> {
    return this.from(req, 0, [])
  }

  private from(req: IncomingMessage, start: number, refusals: string[]): UserInfo | Promise<UserInfo> {
    for (let i = start; i < this.authenticators.length; i++) {
      let result: AuthResult
      try {
        result = this.authenticators[i].authenticate(req)
      } catch (err) {
        refusals.push(refusal(err))
        continue
      }
      if (result instanceof Promise) {
        return result.then(
          (user) => user ?? this.from(req, i + 1, refusals),
          (err: unknown) => {
            refusals.push(refusal(err))
            return this.from(req, i + 1, refusals)
          },
        )
      }
      if (result) return result
    }
    if (refusals.length === 0) throw newUnauthorized(CANNOT_AUTHENTICATE)
    throw newUnauthorized(refusals.length === 1 ? refusals[0] : `[${refusals.join(', ')}]`)
  }
}

/** The message of a 401; anything else is not a refusal and propagates. */
function refusal(err: unknown): string {
  if (!isApiError(err) || err.code !== 401) throw err
  return err.message
}
