/**
 * authentication.k8s.io/v1 SelfSubjectReview (`kubectl auth whoami`): the caller as the
 * authenticator saw them.
 */
import { isPlainObject } from '../../apimachinery/meta.js'
import type { UserInfo } from '../../apimachinery/user.js'

export const AUTHENTICATION_GROUP = 'authentication.k8s.io'

export function answerSelfSubjectReview(review: Record<string, any>, caller: UserInfo): Record<string, any> {
  const metadata = isPlainObject(review.metadata) ? { ...review.metadata } : {}
  metadata['creationTimestamp'] ??= null
  const userInfo: Record<string, unknown> = { username: caller.name }
  if (caller.uid) userInfo['uid'] = caller.uid
  if (caller.groups.length) userInfo['groups'] = [...caller.groups]
  if (caller.extra && Object.keys(caller.extra).length) userInfo['extra'] = caller.extra
  return {
    kind: 'SelfSubjectReview',
    apiVersion: `${AUTHENTICATION_GROUP}/v1`,
    metadata,
    status: { userInfo },
  }
}
