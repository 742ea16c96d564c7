/**
 * Create-or-update for controllers: creates the object when it is missing, otherwise merges the
 * desired state into the current object and writes only when something changed.
 */
import { isAlreadyExists } from '../apimachinery/errors.js'
import { clone, deepEqual } from '../apimachinery/meta.js'
import { SYSTEM_USER } from '../apimachinery/user.js'
import type { Store, WriteOptions } from '../registry/store.js'

export type Merge = (current: any, desired: any) => any

/** Labels and annotations merged (desired wins); every other top-level field of `desired` replaces. */
export const mergeMetaReplaceRest: Merge = (current, desired) => {
  const { metadata, apiVersion: _v, kind: _k, ...rest } = desired
  const next = { ...current, ...rest }
  next.metadata = { ...current.metadata }
  if (metadata?.labels) next.metadata.labels = { ...current.metadata.labels, ...metadata.labels }
  if (metadata?.annotations)
    next.metadata.annotations = { ...current.metadata.annotations, ...metadata.annotations }
  if (metadata?.ownerReferences) next.metadata.ownerReferences = metadata.ownerReferences
  return next
}

export function writeOptions(store: Store, fieldManager: string): WriteOptions {
  return { user: SYSTEM_USER, version: store.info.version, fieldManager }
}

export async function createOrUpdate(
  store: Store,
  desired: any,
  fieldManager: string,
  merge: Merge = mergeMetaReplaceRest,
): Promise<void> {
  const namespace = store.namespaced ? (desired.metadata.namespace ?? '') : ''
  const name = desired.metadata.name
  const current = store.getCached(namespace, name)?.obj
  if (!current) {
    try {
      await store.create(namespace, desired, writeOptions(store, fieldManager))
      return
    } catch (err) {
      if (!isAlreadyExists(err)) throw err
    }
  } else if (deepEqual(merge(clone(current), desired), current)) {
    return
  }
  await store.guaranteedUpdate(namespace, name, writeOptions(store, fieldManager), undefined, (cur) =>
    merge(cur, desired),
  )
}
