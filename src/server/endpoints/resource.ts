/**
 * Dispatch of a resource request (/api/v1/..., /apis/{g}/{v}/...) to the verb handlers.
 */
import { newMethodNotSupported, newNotFoundPath } from '../../apimachinery/errors.js'
import type { UserInfo } from '../../apimachinery/user.js'
import type { ResourceRegistry } from '../../registry/registry.js'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RequestInfo } from '../request-info.js'
import { serveGet, serveList, serveWatch } from './read-handlers.js'
import { serveScaleGet, serveScaleWrite } from './subresources.js'
import type { RequestScope } from './scope.js'
import { serveCreate, serveDelete, serveDeleteCollection, servePatch, serveUpdate } from './write-handlers.js'
import type { CustomHandlers } from './custom.js'

export interface ResourceDeps {
  registry: ResourceRegistry
  /** Non-stored resources and subresources with their own handlers (reviews, tokens ...). */
  custom: CustomHandlers
}

export async function serveResource(
  req: IncomingMessage,
  res: ServerResponse,
  ri: RequestInfo,
  query: URLSearchParams,
  user: UserInfo,
  requestId: string,
  deps: ResourceDeps,
): Promise<void> {
  const custom = deps.custom.lookup(ri)
  if (custom) return custom(req, res, ri, query, user)

  const served = deps.registry.lookup(ri.apiGroup, ri.apiVersion, ri.resource)
  if (!served) throw newNotFoundPath()
  const info = served.info
  const namespaced = info.scope === 'Namespaced'
  const isNamespaceKind = info.group === '' && info.resource === 'namespaces'
  // A cluster-scoped kind addressed inside a namespace does not exist.
  if (!namespaced && ri.namespace && !isNamespaceKind) throw newNotFoundPath()
  const scope: RequestScope = {
    req,
    res,
    ri,
    query,
    user,
    served,
    namespace: namespaced ? ri.namespace : '',
    name: ri.name,
    subresource: ri.subresource,
    requestId,
  }
  const sub = ri.subresource
  if (sub && !isKnownSubresource(info, sub)) throw newNotFoundPath()

  switch (ri.verb) {
    case 'list':
      allowed(info, 'list')
      return serveList(scope)
    case 'watch':
      allowed(info, 'watch')
      if (ri.name) {
        // Legacy single-object watch: a collection watch filtered by name.
        query.set('fieldSelector', [query.get('fieldSelector'), `metadata.name=${ri.name}`].filter(Boolean).join(','))
        scope.name = ''
      }
      return serveWatch(scope)
    case 'get':
      allowed(info, 'get')
      if (sub === 'scale') return serveScaleGet(scope)
      return serveGet(scope)
    case 'create':
      if (ri.name) throw newMethodNotSupported()
      allowed(info, 'create')
      if (namespaced && !ri.namespace) throw newMethodNotSupported()
      return serveCreate(scope)
    case 'update':
      allowed(info, 'update')
      if (sub === 'scale') return serveScaleWrite(scope, 'update')
      return serveUpdate(scope)
    case 'patch':
      allowed(info, 'patch')
      if (sub === 'scale') return serveScaleWrite(scope, 'patch')
      return servePatch(scope)
    case 'delete':
      if (sub) throw newMethodNotSupported()
      allowed(info, 'delete')
      return serveDelete(scope)
    case 'deletecollection':
      allowed(info, 'deletecollection')
      if (namespaced && !ri.namespace) throw newMethodNotSupported()
      return serveDeleteCollection(scope)
    default:
      throw newMethodNotSupported()
  }
}

function allowed(info: RequestScope['served']['info'], verb: string): void {
  if (!info.verbs.includes(verb)) throw newMethodNotSupported()
}

function isKnownSubresource(info: RequestScope['served']['info'], sub: string): boolean {
  const s = info.subresources
  if (sub === 'status') return !!s?.status
  if (sub === 'scale') return !!s?.scale
  return !!s?.other?.some((o) => o.name === sub)
}
