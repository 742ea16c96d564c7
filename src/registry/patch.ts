/**
 * PATCH for any Store: JSON patch, JSON merge patch, strategic merge patch (built-in kinds) and
 * server-side apply, each applied to the current object inside a guaranteed update.
 */
import { parse as yamlParse } from 'yaml'
import { fieldForbidden, fieldRequired, newBadRequest, newInvalid } from '../apimachinery/errors.js'
import { isPlainObject, rfc3339 } from '../apimachinery/meta.js'
import { applyJsonPatch } from '../apimachinery/patch/json-patch.js'
import { applyMergePatch } from '../apimachinery/patch/merge-patch.js'
import { applyStrategicMergePatch } from '../apimachinery/patch/strategic-merge-patch.js'
import { serverSideApply } from '../apimachinery/patch/managed-fields.js'
import type { Store, WriteOptions, WriteResult } from './store.js'

export const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
]

export type PatchType = (typeof PATCH_TYPES)[number]

export const isPatchType = (t: string): t is PatchType => PATCH_TYPES.includes(t)

export interface PatchOptions extends WriteOptions {
  force?: boolean
}

const PATCH_OPTIONS_GK = { group: 'meta.k8s.io', kind: 'PatchOptions' }

function parsePatchObject(text: string, yaml: boolean): Record<string, any> {
  let value: unknown
  try {
    value = yaml ? yamlParse(text, { version: '1.1' }) : JSON.parse(text)
  } catch (e) {
    throw newBadRequest(`error decoding patch: ${(e as Error).message.split('\n')[0]}`)
  }
  if (!isPlainObject(value)) {
    throw newBadRequest(`error decoding patch: the patch must be an object, got ${Array.isArray(value) ? 'a list' : typeof value}`)
  }
  return value
}

export async function patchResource(
  store: Store,
  namespace: string,
  name: string,
  type: PatchType,
  text: string,
  opts: PatchOptions,
): Promise<WriteResult> {
  const isApply = type === 'application/apply-patch+yaml'
  if (!isApply && opts.force !== undefined) {
    throw newInvalid(PATCH_OPTIONS_GK, '', [fieldForbidden('force', 'may not be specified for non-apply patch')])
  }
  if (isApply && !opts.fieldManager) {
    throw newInvalid(PATCH_OPTIONS_GK, '', [fieldRequired('fieldManager', 'is required for apply patch')])
  }
  const meta = store.deps.schema.patchMeta(store.strategy)
  const apiVersion = store.info.group ? `${store.info.group}/${opts.version}` : opts.version

  const applyOptions = () => ({
    manager: opts.fieldManager!,
    force: opts.force ?? false,
    apiVersion,
    meta,
    now: rfc3339(),
    gr: store.gr,
    name,
    subresource: opts.subresource,
  })

  let patch: Record<string, any> | undefined
  if (type !== 'application/json-patch+json') patch = parsePatchObject(text, isApply)

  if (isApply) {
    const applied = patch!
    if (applied.metadata?.name !== undefined && applied.metadata.name !== name) {
      throw newBadRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`)
    }
    if (!store.getCached(namespace, name)) {
      const { object } = serverSideApply(undefined, applied, applyOptions())
      object.metadata = { ...object.metadata, name }
      return store.create(namespace, object, { ...opts, managedFieldsDone: true })
    }
  }

  const precondition: string | undefined =
    patch && isPlainObject(patch.metadata) && typeof patch.metadata.resourceVersion === 'string'
      ? patch.metadata.resourceVersion
      : undefined

  return store.guaranteedUpdate(namespace, name, { ...opts, managedFieldsDone: isApply }, precondition, (current) => {
    switch (type) {
      case 'application/json-patch+json':
        return applyJsonPatch(current, text)
      case 'application/merge-patch+json':
        return applyMergePatch(current, patch)
      case 'application/strategic-merge-patch+json':
        return applyStrategicMergePatch(current, patch, meta)
      default:
        return serverSideApply(current, patch, applyOptions()).object
    }
  })
}
