/**
 * Paths every caller may reach, anonymous ones included, whatever the method (authz.md §5, with
 * this project's `/readyz`): a pattern ending in `*` is a prefix match, any other is exact;
 * both sides are compared without their leading `/`.
 */
import type { Attributes } from './attributes.js'
import type { Authorizer } from './authorizer.js'

export const ALWAYS_ALLOWED_PATHS: readonly string[] = [
  '/oauth/*',
  '/dist/*',
  '/.well-known/openid-configuration',
  '/version',
  '/metrics',
  '/livez',
  '/healthz',
  '/readyz',
  '/openapi/v2',
  '/openapi/v3',
]

export function pathAuthorizer(patterns: readonly string[] = ALWAYS_ALLOWED_PATHS): Authorizer {
  const exact = new Set<string>()
  const prefixes: string[] = []
  for (const p of patterns) {
    const trimmed = p.replace(/^\//, '')
    const star = trimmed.indexOf('*')
    if (star >= 0 && star !== trimmed.length - 1)
      throw new Error(`only a trailing * is allowed in an always-allowed path: ${p}`)
    if (star >= 0) prefixes.push(trimmed.slice(0, -1))
    else exact.add(trimmed)
  }
  return {
    authorize(a: Attributes) {
      const path = a.path.replace(/^\//, '')
      if (exact.has(path) || prefixes.some((p) => path.startsWith(p)))
        return { decision: 'allow', reason: '' }
      return { decision: 'no-opinion', reason: '' }
    },
  }
}
