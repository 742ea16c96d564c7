/**
 * POST /oauth/authenticate (auth.md §5.10), the deprecated TokenReview: says whether a token
 * verifies and whose it is. User state is not consulted; `uid` is always empty.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isApiError } from '../../apimachinery/errors.js'
import { readBody } from '../../server/body.js'
import type { Identity } from '../identity.js'
import { requireMethod } from './form.js'
import { PlainError, writeJson } from './respond.js'

export async function handleTokenReview(id: Identity, req: IncomingMessage, res: ServerResponse): Promise<void> {
  requireMethod(req, 'POST')
  let review: any
  try {
    review = JSON.parse((await readBody(req, 64 * 1024)).toString('utf8'))
  } catch (e) {
    throw new PlainError(400, (e as Error).message)
  }
  const token = review?.spec?.token
  if (typeof token !== 'string' || !token) throw new PlainError(400, 'token must not be null')
  let username: string
  try {
    const { claims, hash } = await id.bearer.verify(token)
    if (claims.tokenType === 'static_token' ? id.store.isRevoked(hash) : id.tokens.useStore && !id.store.has(hash)) {
      throw new PlainError(400, 'token not found in cache')
    }
    username = claims.username
  } catch (e) {
    if (isApiError(e)) throw new PlainError(400, e.message)
    throw e
  }
  writeJson(res, 200, {
    apiVersion: review.apiVersion,
    kind: 'TokenReview',
    status: { authenticated: true, user: { username, uid: '' } },
  })
}
