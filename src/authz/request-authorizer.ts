/**
 * The chain's authorization step: the request's attributes through the authorizer; anything
 * but "allow" ends the request with the 403 of forbidden.ts.
 */
import type { UserInfo } from '../apimachinery/user.js'
import type { RequestAuthorizer } from '../server/chain.js'
import type { RequestInfo } from '../server/request-info.js'
import { attributesFromRequest } from './attributes.js'
import type { Authorizer } from './authorizer.js'
import { forbiddenError } from './forbidden.js'

export function requestAuthorizer(authorizer: Authorizer): RequestAuthorizer {
  return {
    authorize(user: UserInfo, ri: RequestInfo): void {
      const a = attributesFromRequest(user, ri)
      const result = authorizer.authorize(a)
      if (result.decision !== 'allow') throw forbiddenError(a, result.reason)
    },
  }
}
