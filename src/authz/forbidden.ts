/**
 * The 403 a denied request gets (authz.md §7.1): `<resource>[.<group>] ["<name>"] is forbidden:
 * User "<u>" cannot <verb> resource "<r>[/<sub>]" in API group "<g>" in the namespace "<ns>" |
 * at the cluster scope`, or `forbidden: User "<u>" cannot <METHOD> path "<path>"`; `&<>` escaped
 * as HTML, the authorizer's reason appended after `: `.
 */
import { newForbidden, quote, type ApiError } from '../apimachinery/errors.js'
import type { Attributes } from './attributes.js'

function escapeHtml(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
}

export function forbiddenMessage(a: Attributes): string {
  const who = `User ${quote(a.user.name)}`
  if (!a.resourceRequest) return `${who} cannot ${a.verb} path ${quote(a.path)}`
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource
  const where = a.namespace ? `in the namespace ${quote(a.namespace)}` : 'at the cluster scope'
  return `${who} cannot ${a.verb} resource ${quote(resource)} in API group ${quote(a.apiGroup)} ${where}`
}

export function forbiddenError(a: Attributes, reason: string): ApiError {
  let detail = escapeHtml(forbiddenMessage(a))
  if (reason) detail += `: ${reason}`
  if (!a.resourceRequest) return newForbidden({ group: '', resource: '' }, '', detail)
  return newForbidden({ group: a.apiGroup, resource: a.resource }, a.name, detail)
}
