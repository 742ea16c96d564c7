/**
 * The anonymous authenticator: a request without credentials is `system:anonymous` in group
 * `system:unauthenticated`. What anonymous callers may do is authorization's decision; the
 * handler chain serves them only the open paths until an authorizer is installed.
 */
import type { IncomingMessage } from 'node:http'
import type { UserInfo } from '../apimachinery/user.js'
import { authorizationHeader, type Authenticator } from './authenticator.js'
import { ANONYMOUS, GROUP_UNAUTHENTICATED } from './users.js'

export class AnonymousAuthenticator implements Authenticator {
  authenticate(req: IncomingMessage): UserInfo | undefined {
    if (authorizationHeader(req).trim() !== '') return undefined
    return { name: ANONYMOUS.name, groups: [GROUP_UNAUTHENTICATED] }
  }
}
