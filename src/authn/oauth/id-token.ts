/**
 * OIDC id_tokens (auth.md §5.3 step 5): RS256 with the persisted key (header `kid`), audience
 * the client, lifetime access max age + inactivity timeout. The name claim is written both as
 * upstream's `url` and as the standard `name`.
 */
import { SignJWT } from 'jose'
import type { Identity } from '../identity.js'
import { refreshLifetimeMs } from '../options.js'
import type { OAuthClient } from './clients.js'

export async function issueIdToken(id: Identity, user: any, client: OAuthClient, scopes: string[], nonce?: string): Promise<string> {
  const key = await id.oidcKey.get()
  const name: string = user.metadata.name
  const iat = Math.floor(id.now() / 1000)
  const claims: Record<string, unknown> = {
    iss: id.options.issuer,
    sub: name,
    aud: [client.name],
    exp: iat + Math.floor(refreshLifetimeMs(id.options) / 1000),
    iat,
    token_type: 'id_token',
    username: name,
    url: name,
    name,
  }
  if (nonce) claims['nonce'] = nonce
  if (scopes.includes('email') && user.spec?.email) claims['email'] = user.spec.email
  if (scopes.includes('profile')) {
    if (user.spec?.lang) claims['locale'] = user.spec.lang
    claims['preferred_username'] = name
  }
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' }).sign(key.privateKey)
}
