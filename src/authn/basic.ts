/**
 * HTTP basic authentication with a local password (auth.md §4.4): the same checks as the
 * password grant. A wrong password for an existing user is recorded as a failed LoginRecord of
 * type Password (and counts towards lock-out); successes are not recorded.
 */
import type { IncomingMessage } from 'node:http'
import { newUnauthorized } from '../apimachinery/errors.js'
import type { UserInfo } from '../apimachinery/user.js'
import { authorizationHeader, type Authenticator } from './authenticator.js'
import { LOGIN_FAILURE_MESSAGES, type LocalPasswordAuthenticator } from './local-password.js'
import type { LoginRecorder } from './login-recorder.js'
import { sourceIP, userAgent } from './source-ip.js'
import { GROUP_AUTHENTICATED } from './users.js'

/** user and password of a well-formed `Basic <base64(user:password)>` header, as Go's BasicAuth parses it. */
export function parseBasicAuth(header: string): { username: string; password: string } | undefined {
  if (header.length < 6 || header.slice(0, 6).toLowerCase() !== 'basic ') return undefined
  const encoded = header.slice(6)
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return undefined
  const decoded = Buffer.from(encoded, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

export class BasicAuthenticator implements Authenticator {
  constructor(
    private readonly passwords: LocalPasswordAuthenticator,
    private readonly recorder: Pick<LoginRecorder, 'record'>,
  ) {}

  authenticate(req: IncomingMessage): Promise<UserInfo> | undefined {
    const creds = parseBasicAuth(authorizationHeader(req))
    if (!creds) return undefined
    return this.check(req, creds)
  }

  private async check(req: IncomingMessage, creds: { username: string; password: string }): Promise<UserInfo> {
    const result = await this.passwords.check(creds.username, creds.password)
    if (result.ok) {
      const groups = Array.isArray(result.user.spec?.groups) ? result.user.spec.groups.filter((g: unknown) => typeof g === 'string') : []
      return { name: result.user.metadata.name, groups: [...groups, GROUP_AUTHENTICATED] }
    }
    if (result.failure === 'incorrect' && result.user) {
      await this.recorder.record(result.user.metadata.name, {
        type: 'Password',
        provider: '',
        success: false,
        reason: LOGIN_FAILURE_MESSAGES.incorrect,
        sourceIP: sourceIP(req),
        userAgent: userAgent(req),
      })
    }
    throw newUnauthorized(LOGIN_FAILURE_MESSAGES[result.failure])
  }
}
