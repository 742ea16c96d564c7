/**
 * The in-process authorization questions /kapis handlers ask (kapis.md §6.3, authz.md §11.3):
 * "may this user do that?" with synthetic attributes, answered by the same RBAC authorizer the
 * chain uses, without the path allow-list. Handlers depend on this small interface only; the
 * server wires it to the authorizer (apiserver.ts).
 */
import type { UserInfo } from '../apimachinery/user.js'

export type ResourceScope = 'Global' | 'Cluster' | 'Workspace' | 'Namespace' | ''

export interface AccessAttributes {
  user: UserInfo
  verb: string
  /** A resource request unless false (then `path` and the uppercase method as verb). */
  resourceRequest?: boolean
  apiGroup?: string
  apiVersion?: string
  resource?: string
  subresource?: string
  name?: string
  namespace?: string
  workspace?: string
  resourceScope?: ResourceScope
  path?: string
}

export interface AccessDecision {
  allowed: boolean
  /** `RBAC: allowed by ...` when allowed; '' or `RBAC: <errors>` otherwise. */
  reason: string
}

export interface AccessReviewer {
  review(attrs: AccessAttributes): AccessDecision | Promise<AccessDecision>
}

/** Used when the server runs without an authorizer: everything is allowed. */
export const ALLOW_ALL: AccessReviewer = {
  review: () => ({ allowed: true, reason: '' }),
}

export async function allowed(access: AccessReviewer, attrs: AccessAttributes): Promise<boolean> {
  return (await access.review(attrs)).allowed
}
