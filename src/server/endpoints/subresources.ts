/**
 * The scale subresource (autoscaling/v1 Scale over spec/status replicas) and namespace finalize.
 */
import { fieldInvalid, newBadRequest, newInvalid, newNotFoundPath, type ApiError } from '../../apimachinery/errors.js'
import { clone, getPath, isPlainObject, setPath } from '../../apimachinery/meta.js'
import { selectorFromLabelSelector, selectorToString } from '../../apimachinery/labels/selector.js'
import { applyJsonPatch } from '../../apimachinery/patch/json-patch.js'
import { applyMergePatch } from '../../apimachinery/patch/merge-patch.js'
import type { Store } from '../../registry/store.js'
import { decodeObjectBody, mediaTypeOf, readBody } from '../body.js'
import { negotiate } from '../negotiation.js'
import { writeObject } from '../response-writers.js'
import { pretty, writeOptions, type RequestScope } from './scope.js'
import { newUnsupportedMediaType } from '../../apimachinery/errors.js'

function selectorString(value: unknown): string {
  if (typeof value === 'string') return value
  if (isPlainObject(value)) {
    try {
      return selectorToString(selectorFromLabelSelector(value))
    } catch {
      return ''
    }
  }
  return ''
}

export function scaleOf(store: Store, obj: any): any {
  const scale = store.info.subresources?.scale
  if (!scale) throw newNotFoundPath()
  const status: any = { replicas: Number(getPath(obj, scale.statusReplicasPath) ?? 0) }
  if (scale.labelSelectorPath) {
    const sel = selectorString(getPath(obj, scale.labelSelectorPath))
    if (sel) status.selector = sel
  }
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: Number(getPath(obj, scale.specReplicasPath) ?? 0) },
    status,
  }
}

export function serveScaleGet(scope: RequestScope): void {
  const store = scope.served.store
  const cached = store.get(scope.namespace, scope.name)
  writeObject(scope.res, 200, scaleOf(store, cached.obj), negotiate(scope.req.headers.accept), { pretty: pretty(scope) })
}

const SCALE_PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json']

/** PUT or PATCH of /scale: the new Scale's spec.replicas is written into the object. */
export async function serveScaleWrite(scope: RequestScope, method: 'update' | 'patch'): Promise<void> {
  const store = scope.served.store
  const spec = store.info.subresources?.scale
  if (!spec) throw newNotFoundPath()
  const neg = negotiate(scope.req.headers.accept)
  const body = await readBody(scope.req)
  const type = mediaTypeOf(scope.req)
  let update: any
  let patchText = ''
  if (method === 'update') {
    update = decodeObjectBody(body, type, { kind: 'Scale', allowProtobuf: false })
  } else {
    if (!SCALE_PATCH_TYPES.includes(type)) throw newUnsupportedMediaType(SCALE_PATCH_TYPES)
    patchText = body.toString('utf8')
  }
  const opts = { ...writeOptions(scope, method === 'update' ? 'UpdateOptions' : 'PatchOptions'), subresource: undefined }
  const precondition = method === 'update' ? update?.metadata?.resourceVersion || undefined : undefined
  const result = await store.guaranteedUpdate(scope.namespace, scope.name, opts, precondition, (current) => {
    const scale = scaleOf(store, current)
    let next = update
    if (method === 'patch') {
      if (type === 'application/json-patch+json') next = applyJsonPatch(scale, patchText)
      else {
        let p: unknown
        try {
          p = JSON.parse(patchText)
        } catch (e) {
          throw newBadRequest(`error decoding patch: ${(e as Error).message}`)
        }
        next = applyMergePatch(scale, p)
      }
    }
    const replicas = next?.spec?.replicas
    if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 0)) {
      throw invalidReplicas(scope.name, replicas)
    }
    const obj = clone(current)
    setPath(obj, spec.specReplicasPath, replicas ?? 0)
    return obj
  })
  writeObject(scope.res, 200, scaleOf(store, result.object), neg, { pretty: pretty(scope) })
}

function invalidReplicas(name: string, replicas: unknown): ApiError {
  return newInvalid({ group: 'autoscaling', kind: 'Scale' }, name, [
    fieldInvalid('spec.replicas', replicas, 'must be greater than or equal to 0'),
  ])
}
