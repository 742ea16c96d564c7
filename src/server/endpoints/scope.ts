/**
 * What a resource handler knows about one request, and the query options every write shares.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { fieldNotSupported, newBadRequest, newInvalid } from '../../apimachinery/errors.js'
import type { UserInfo } from '../../apimachinery/user.js'
import type { ServedResource } from '../../registry/registry.js'
import type { FieldValidation, WriteOptions } from '../../registry/store.js'
import type { RequestInfo } from '../request-info.js'
import { parseBool } from '../../apimachinery/strconv.js'

export interface RequestScope {
  req: IncomingMessage
  res: ServerResponse
  ri: RequestInfo
  query: URLSearchParams
  user: UserInfo
  served: ServedResource
  /** The namespace the object lives in ('' for cluster-scoped kinds). */
  namespace: string
  name: string
  subresource: string
  requestId: string
}

export function pretty(scope: RequestScope): boolean {
  return parseBool(scope.query.get('pretty')) === true
}

/** dryRun, fieldManager and fieldValidation from the query, validated as kube-apiserver does. */
export function writeOptions(scope: RequestScope, kind: 'CreateOptions' | 'UpdateOptions' | 'PatchOptions'): WriteOptions {
  const q = scope.query
  const dryRun = q.getAll('dryRun')
  for (const v of dryRun) {
    if (v !== 'All') {
      throw newInvalid({ group: 'meta.k8s.io', kind }, '', [fieldNotSupported('dryRun', [v], ['All'])])
    }
  }
  const fieldManager = q.get('fieldManager') ?? undefined
  if (fieldManager !== undefined && fieldManager.length > 128) {
    throw newInvalid({ group: 'meta.k8s.io', kind }, '', [
      { type: 'FieldValueTooLong', field: 'fieldManager', detail: 'must have at most 128 bytes' },
    ])
  }
  const fv = q.get('fieldValidation')
  let fieldValidation: FieldValidation = 'Warn'
  if (fv !== null && fv !== '') {
    if (fv !== 'Ignore' && fv !== 'Warn' && fv !== 'Strict') {
      throw newBadRequest(`fieldValidation must be one of "Ignore", "Warn", or "Strict", got: ${fv}`)
    }
    fieldValidation = fv
  }
  return {
    user: scope.user,
    version: scope.served.info.version,
    dryRun: dryRun.length > 0,
    fieldManager: fieldManager ?? defaultFieldManager(scope.req.headers['user-agent']),
    fieldValidation,
    subresource: scope.subresource || undefined,
  }
}

/** Without fieldManager the manager is the user agent's first token, as kube-apiserver does. */
function defaultFieldManager(userAgent: string | undefined): string {
  const first = (userAgent ?? 'unknown').split('/')[0] ?? 'unknown'
  return first.slice(0, 128) || 'unknown'
}

/** `Warning: 299 - "<text>"` headers. */
export function warningHeaders(warnings: string[]): Record<string, string[]> | undefined {
  if (warnings.length === 0) return undefined
  return { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`) }
}
