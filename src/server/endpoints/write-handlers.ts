/**
 * POST, PUT, PATCH, DELETE and DELETE-collection of resources.
 */
import { newBadRequest, newInvalid, fieldNotSupported } from '../../apimachinery/errors.js'
import { isPlainObject } from '../../apimachinery/meta.js'
import { parseListOptions } from '../../registry/list-options.js'
import { listObjects } from '../../registry/read.js'
import { patchResource, PATCH_TYPES, isPatchType } from '../../registry/patch.js'
import type { DeleteOptions, WriteResult } from '../../registry/store.js'
import { decodeObjectBody, mediaTypeOf, parseJsonOrYaml, readBody } from '../body.js'
import { negotiate } from '../negotiation.js'
import { writeObject } from '../response-writers.js'
import { parseBool } from '../../apimachinery/strconv.js'
import { pretty, warningHeaders, writeOptions, type RequestScope } from './scope.js'
import { newUnsupportedMediaType } from '../../apimachinery/errors.js'

async function objectBody(scope: RequestScope): Promise<Record<string, any>> {
  const body = await readBody(scope.req)
  const strategy = scope.served.store.strategy
  return decodeObjectBody(body, mediaTypeOf(scope.req), {
    kind: strategy.info.kind,
    allowProtobuf: !strategy.isCustomResource,
  })
}

function respond(scope: RequestScope, code: number, result: WriteResult): void {
  const neg = negotiate(scope.req.headers.accept)
  writeObject(scope.res, code, result.object, neg, {
    pretty: pretty(scope),
    headers: warningHeaders(result.warnings),
  })
}

export async function serveCreate(scope: RequestScope): Promise<void> {
  negotiate(scope.req.headers.accept)
  const body = await objectBody(scope)
  const result = await scope.served.store.create(scope.namespace, body, writeOptions(scope, 'CreateOptions'))
  respond(scope, 201, result)
}

export async function serveUpdate(scope: RequestScope): Promise<void> {
  negotiate(scope.req.headers.accept)
  const body = await objectBody(scope)
  const result = await scope.served.store.update(scope.namespace, scope.name, body, writeOptions(scope, 'UpdateOptions'))
  respond(scope, result.created ? 201 : 200, result)
}

export async function servePatch(scope: RequestScope): Promise<void> {
  negotiate(scope.req.headers.accept)
  const store = scope.served.store
  const type = mediaTypeOf(scope.req)
  const accepted = store.strategy.isCustomResource ? PATCH_TYPES.filter((t) => t !== 'application/strategic-merge-patch+json') : PATCH_TYPES
  if (!isPatchType(type) || !accepted.includes(type)) throw newUnsupportedMediaType(accepted)
  const body = await readBody(scope.req)
  const opts = writeOptions(scope, 'PatchOptions')
  const force = parseBool(scope.query.get('force'))
  const result = await patchResource(store, scope.namespace, scope.name, type, body.toString('utf8'), {
    ...opts,
    fieldManager: scope.query.get('fieldManager') ?? (type === 'application/apply-patch+yaml' ? undefined : opts.fieldManager),
    force,
  })
  respond(scope, result.created ? 201 : 200, result)
}

/** DeleteOptions from the body (JSON or YAML, kind/apiVersion optional) and the query. */
async function deleteOptions(scope: RequestScope): Promise<DeleteOptions> {
  const body = await readBody(scope.req)
  let opts: DeleteOptions = {}
  if (body.length > 0) {
    const value = parseJsonOrYaml(body.toString('utf8'), mediaTypeOf(scope.req) === 'application/yaml')
    if (value !== null) {
      if (!isPlainObject(value)) throw newBadRequest('the body of a DELETE request must be a DeleteOptions object')
      opts = value as DeleteOptions
    }
  }
  const q = scope.query
  const grace = q.get('gracePeriodSeconds')
  if (grace !== null && grace !== '') opts.gracePeriodSeconds = Number(grace)
  const policy = q.get('propagationPolicy')
  if (policy) opts.propagationPolicy = policy as DeleteOptions['propagationPolicy']
  const orphan = parseBool(q.get('orphanDependents'))
  if (orphan !== undefined) opts.orphanDependents = orphan
  const dryRun = q.getAll('dryRun')
  if (dryRun.length) opts.dryRun = dryRun
  if (opts.propagationPolicy !== undefined && !['Orphan', 'Background', 'Foreground'].includes(opts.propagationPolicy)) {
    throw newInvalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', [
      fieldNotSupported('propagationPolicy', opts.propagationPolicy, ['Foreground', 'Background', 'Orphan', 'nil']),
    ])
  }
  for (const v of opts.dryRun ?? []) {
    if (v !== 'All') throw newInvalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', [fieldNotSupported('dryRun', [v], ['All'])])
  }
  return opts
}

export async function serveDelete(scope: RequestScope): Promise<void> {
  const neg = negotiate(scope.req.headers.accept)
  const store = scope.served.store
  const options = await deleteOptions(scope)
  const wo = { user: scope.user, version: scope.served.info.version, dryRun: (options.dryRun ?? []).length > 0 }
  const { object, removed } = await store.delete(scope.namespace, scope.name, options, wo)
  if (!removed || store.strategy.returnDeletedObject) {
    return writeObject(scope.res, 200, object, neg, { pretty: pretty(scope) })
  }
  const details: Record<string, string> = { name: scope.name }
  if (store.info.group) details['group'] = store.info.group
  details['kind'] = store.info.resource
  details['uid'] = object.metadata?.uid
  writeObject(scope.res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details }, neg, {
    pretty: pretty(scope),
  })
}

export async function serveDeleteCollection(scope: RequestScope): Promise<void> {
  const neg = negotiate(scope.req.headers.accept)
  const store = scope.served.store
  const options = await deleteOptions(scope)
  const listOpts = parseListOptions(scope.query, false)
  const page = await listObjects(store, scope.namespace, { ...listOpts, limit: 0, continueToken: undefined })
  const wo = { user: scope.user, version: scope.served.info.version, dryRun: (options.dryRun ?? []).length > 0 }
  const items: any[] = []
  for (const c of page.items) {
    try {
      const { object } = await store.delete(c.obj.metadata.namespace ?? '', c.obj.metadata.name, options, wo)
      items.push(object)
    } catch (err) {
      // Objects that vanished meanwhile are not an error for a collection delete.
      if ((err as { reason?: string }).reason !== 'NotFound') throw err
    }
  }
  const info = scope.served.info
  writeObject(
    scope.res,
    200,
    { kind: info.listKind, apiVersion: info.group ? `${info.group}/${info.version}` : info.version, metadata: { resourceVersion: page.resourceVersion }, items },
    neg,
    { pretty: pretty(scope) },
  )
}
