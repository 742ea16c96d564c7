/**
 * Metadata rules every kind shares: name and label validation, and the fields the server owns.
 */
import { fieldForbidden, fieldInvalid, fieldRequired, type FieldError } from '../apimachinery/errors.js'
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  validateAnnotations,
  validateLabels,
  validatePathSegmentName,
} from '../apimachinery/validation.js'
import { isPlainObject } from '../apimachinery/meta.js'
import type { Strategy } from './strategy.js'

export function validateObjectMeta(strategy: Strategy, obj: any, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = []
  const meta = obj.metadata
  if (!isPlainObject(meta)) return [fieldRequired('metadata', '')]
  const name: unknown = meta.name
  if (name === undefined || name === '') {
    errs.push(fieldRequired('metadata.name', 'name or generateName is required'))
  } else if (typeof name !== 'string') {
    errs.push(fieldInvalid('metadata.name', name, 'must be a string'))
  } else {
    const rule = strategy.nameValidation ?? 'subdomain'
    const details =
      rule === 'label'
        ? isDNS1123Label(name)
        : rule === 'dns1035'
          ? isDNS1035Label(name)
          : rule === 'path-segment'
            ? validatePathSegmentName(name, false)
            : isDNS1123Subdomain(name)
    for (const d of details) errs.push(fieldInvalid('metadata.name', name, d))
  }
  if (namespaced) {
    const ns = meta.namespace
    if (!ns) errs.push(fieldRequired('metadata.namespace', ''))
    else for (const d of isDNS1123Label(ns)) errs.push(fieldInvalid('metadata.namespace', ns, d))
  }
  for (const [field, value] of [['metadata.labels', meta.labels], ['metadata.annotations', meta.annotations]] as const) {
    if (value === undefined || value === null) continue
    if (!isPlainObject(value) || Object.values(value).some((v) => typeof v !== 'string')) {
      errs.push(fieldInvalid(field, value, 'must be a map of strings'))
    } else if (field === 'metadata.labels') errs.push(...validateLabels(value, field))
    else errs.push(...validateAnnotations(value, field))
  }
  if (meta.finalizers !== undefined) {
    if (!Array.isArray(meta.finalizers)) errs.push(fieldInvalid('metadata.finalizers', meta.finalizers, 'must be a list'))
    else
      meta.finalizers.forEach((f: unknown, i: number) => {
        if (typeof f !== 'string') errs.push(fieldInvalid(`metadata.finalizers[${i}]`, f, 'must be a string'))
        else for (const d of isQualifiedName(f)) errs.push(fieldInvalid(`metadata.finalizers[${i}]`, f, d))
      })
  }
  if (meta.ownerReferences !== undefined) errs.push(...validateOwnerReferences(meta.ownerReferences))
  return errs
}

function validateOwnerReferences(refs: unknown): FieldError[] {
  if (!Array.isArray(refs)) return [fieldInvalid('metadata.ownerReferences', refs, 'must be a list')]
  const errs: FieldError[] = []
  let controllers = 0
  refs.forEach((r: any, i: number) => {
    const f = `metadata.ownerReferences[${i}]`
    if (!isPlainObject(r)) return errs.push(fieldInvalid(f, r, 'must be an object'))
    if (!r.apiVersion) errs.push(fieldInvalid(`${f}.apiVersion`, r.apiVersion ?? '', 'version must not be empty'))
    if (!r.kind) errs.push(fieldInvalid(`${f}.kind`, r.kind ?? '', 'kind must not be empty'))
    if (!r.name) errs.push(fieldInvalid(`${f}.name`, r.name ?? '', 'name must not be empty'))
    if (!r.uid) errs.push(fieldInvalid(`${f}.uid`, r.uid ?? '', 'uid must not be empty'))
    if (r.controller === true) controllers++
    return undefined
  })
  if (controllers > 1) {
    errs.push(fieldInvalid('metadata.ownerReferences', refs, 'Only one reference can have Controller set to true'))
  }
  return errs
}

/** Finalizers may only be removed once deletion started. */
export function validateFinalizersOnDelete(obj: any, old: any): FieldError[] {
  if (!old?.metadata?.deletionTimestamp) return []
  const before = new Set<string>(old.metadata.finalizers ?? [])
  const added = ((obj.metadata?.finalizers ?? []) as string[]).filter((f) => !before.has(f))
  if (added.length === 0) return []
  return [
    fieldForbidden(
      'metadata.finalizers',
      `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`,
    ),
  ]
}

/** Server-owned metadata keeps the stored values on update. */
export function resetReadOnlyMeta(obj: any, old: any): void {
  const m = obj.metadata
  const o = old.metadata
  m.uid = o.uid
  m.creationTimestamp = o.creationTimestamp
  if (o.deletionTimestamp) m.deletionTimestamp = o.deletionTimestamp
  else delete m.deletionTimestamp
  if (o.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = o.deletionGracePeriodSeconds
  else delete m.deletionGracePeriodSeconds
  if (o.generation !== undefined) m.generation = o.generation
  else delete m.generation
  delete m.selfLink
}
