/**
 * The generic fallback `/kapis/{group}/{version}/...` (kapis.md §9): a /kapis request that no
 * route takes is served from the registry when its group/version/resource is served there —
 * Kubernetes built-ins and KubeSphere kinds always, other custom resources only when their CRD
 * carries `kubesphere.io/resource-served=true`. Lists use the v1beta1 query semantics and answer
 * a typed list; writes answer the written object. A path under `workspaces/{ws}` is confined to
 * objects labelled with that workspace.
 */
import { newBadRequest, newNotFound } from '../apimachinery/errors.js'
import { parseLabelSelector, type LabelSelector } from '../apimachinery/labels/selector.js'
import { isPlainObject } from '../apimachinery/meta.js'
import { applyMergePatch } from '../apimachinery/patch/merge-patch.js'
import type { ServedResource } from '../registry/registry.js'
import type { WriteOptions } from '../registry/store.js'
import { writeJsonText } from '../server/response-writers.js'
import type { KapisDeps } from './deps.js'
import { readObject, writeJson } from './http.js'
import { listEntries, type Entry } from './list.js'
import { WORKSPACE_LABEL, listCached } from './objects.js'
import { lenientSelector, parseQuery } from './query.js'
import type { KapisRequest } from './route.js'

const SERVED_LABEL = 'kubesphere.io/resource-served'

export interface GenericTarget {
  group: string
  version: string
  workspace: string
  namespace: string
  resource: string
  name: string
}

/** `/kapis/{g}/{v}[/workspaces/{ws}][/namespaces/{ns}]/{resource}[/{name}]`; undefined otherwise. */
export function parseGenericPath(path: string): GenericTarget | undefined {
  const segs = path.replace(/^\/+|\/+$/g, '').split('/')
  if (segs[0] !== 'kapis' || segs.length < 4) return undefined
  const t: GenericTarget = {
    group: segs[1],
    version: segs[2],
    workspace: '',
    namespace: '',
    resource: '',
    name: '',
  }
  let rest = segs.slice(3)
  if (rest[0] === 'workspaces' && rest.length >= 3) {
    t.workspace = rest[1]!
    rest = rest.slice(2)
  }
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    t.namespace = rest[1]!
    rest = rest.slice(2)
  }
  if (rest.length < 1 || rest.length > 2 || rest.some((s) => s === '')) return undefined
  t.resource = rest[0]!
  t.name = rest[1] ?? ''
  return t
}

function isKnownGroup(group: string): boolean {
  return (
    !group.includes('.') ||
    group.endsWith('.k8s.io') ||
    group === 'kubesphere.io' ||
    group.endsWith('.kubesphere.io')
  )
}

/** The served resource, when the fallback may serve it. */
function servedFor(deps: KapisDeps, t: GenericTarget): ServedResource | undefined {
  const served = deps.registry.lookup(t.group, t.version, t.resource)
  if (!served) return undefined
  if (served.store.strategy.isCustomResource && !isKnownGroup(t.group)) {
    const crd = deps.registry.get(
      'apiextensions.k8s.io',
      'customresourcedefinitions',
      '',
      `${t.resource}.${t.group}`,
    )
    if (crd?.metadata?.labels?.[SERVED_LABEL] !== 'true') return undefined
  }
  const namespaced = served.info.scope === 'Namespaced'
  if (namespaced !== (t.namespace !== '')) return undefined
  return served
}

function inWorkspace(obj: any, workspace: string): boolean {
  return !workspace || obj?.metadata?.labels?.[WORKSPACE_LABEL] === workspace
}

function withWorkspaceSelector(text: string, workspace: string): LabelSelector | undefined {
  if (!workspace) return lenientSelector(text)
  const merged = [text, `${WORKSPACE_LABEL}=${workspace}`].filter(Boolean).join(',')
  return lenientSelector(merged) ?? parseLabelSelector(`${WORKSPACE_LABEL}=${workspace}`)
}

/** Serves the request when the fallback applies; false leaves it to the 404. */
export async function genericFallback(deps: KapisDeps, r: KapisRequest): Promise<boolean> {
  const t = parseGenericPath(r.path)
  if (!t) return false
  const served = servedFor(deps, t)
  if (!served) return false
  const { store, info } = served
  const opts: WriteOptions = { user: r.user, version: t.version }
  const method = r.req.method ?? 'GET'
  const current = () => {
    const c = store.getCached(t.namespace, t.name)
    if (!c || !inWorkspace(c.obj, t.workspace)) throw newNotFound(store.gr, t.name)
    return c
  }

  if (method === 'GET' && t.name) {
    const c = current()
    if (t.version === info.version) writeJsonText(r.res, 200, c.json())
    else writeJson(r.res, store.output(structuredClone(c.obj), c.modRevision, t.version))
    return true
  }
  if (method === 'GET') {
    if (r.query.get('watch') !== null && r.query.get('watch') !== 'false' && r.query.get('watch') !== '0') {
      throw newBadRequest('not supported verb')
    }
    const q = parseQuery(r.query)
    const selector = withWorkspaceSelector(q.labelSelectorText, t.workspace)
    const entries: Entry[] = await listCached(store, t.namespace, selector)
    const result = listEntries(entries, { ...q, labelSelector: selector }, 'v1beta1')
    const remaining = Math.max(
      0,
      result.totalItems - (q.limit === -1 ? result.totalItems : Math.max(0, q.offset) + result.items.length),
    )
    const head = JSON.stringify({
      apiVersion: info.group ? `${info.group}/${t.version}` : t.version,
      kind: `${info.kind}List`,
      metadata: { continue: String(result.totalItems), remainingItemCount: remaining },
    })
    writeJsonText(
      r.res,
      200,
      `${head.slice(0, -1)},"items":[${result.items.map((e) => e.json()).join(',')}]}`,
    )
    return true
  }
  if (method === 'POST' && !t.name) {
    const body = await readObject(r, info.kind)
    const apiVersion = info.group ? `${info.group}/${t.version}` : t.version
    if (
      (body['apiVersion'] !== undefined && body['apiVersion'] !== apiVersion) ||
      (body['kind'] !== undefined && body['kind'] !== info.kind)
    ) {
      throw newBadRequest('wrong resource GroupVersionKind')
    }
    if (t.workspace)
      body['metadata'] = {
        ...body['metadata'],
        labels: { ...body['metadata']?.labels, [WORKSPACE_LABEL]: t.workspace },
      }
    writeJson(r.res, (await store.create(t.namespace, body, opts)).object)
    return true
  }
  if (method === 'PUT' && t.name) {
    current()
    const body = await readObject(r, info.kind)
    writeJson(r.res, (await store.update(t.namespace, t.name, body, opts)).object)
    return true
  }
  if (method === 'PATCH' && t.name) {
    current()
    const patch = await readObject(r, 'merge patch')
    const result = await store.guaranteedUpdate(t.namespace, t.name, opts, undefined, (cur) => {
      const next = applyMergePatch(cur, patch)
      if (!isPlainObject(next)) throw newBadRequest('the patch must be a JSON object')
      next['metadata'] = { ...next['metadata'], resourceVersion: cur.metadata.resourceVersion }
      return next
    })
    writeJson(r.res, result.object)
    return true
  }
  if (method === 'DELETE' && t.name) {
    current()
    writeJson(r.res, (await store.delete(t.namespace, t.name, {}, opts)).object)
    return true
  }
  throw newBadRequest('not supported verb')
}
