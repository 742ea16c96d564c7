/**
 * Which Pod spec changes an update may make (upstream ValidatePodUpdate): container and init
 * container images, a shorter activeDeadlineSeconds, added tolerations, removed scheduling
 * gates, and terminationGracePeriodSeconds from a negative value to 1. Anything else is
 * `spec: Forbidden: pod updates may not change fields other than …` (upstream appends a
 * structural diff of the two specs, which is not reproduced here).
 */
import { fieldForbidden, fieldInvalid, fieldRequired, type FieldError } from '../../../apimachinery/errors.js'
import { clone, deepEqual } from '../../../apimachinery/meta.js'
import { MAX_INT32, inclusiveRangeError } from './field-checks.js'

export const POD_UPDATABLE_FIELDS =
  '`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,' +
  '`spec.tolerations` (only additions to existing tolerations),' +
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'

const list = (v: unknown): any[] => (Array.isArray(v) ? v : [])

function containerImages(newList: unknown, oldList: unknown, path: string): { errs: FieldError[]; stop: boolean } {
  const a = list(newList)
  const b = list(oldList)
  if (a.length !== b.length) return { errs: [fieldForbidden(path, 'pod updates may not add or remove containers')], stop: true }
  const errs: FieldError[] = []
  a.forEach((c, i) => {
    if (!c?.image) errs.push(fieldRequired(`${path}[${i}].image`, ''))
  })
  return { errs, stop: false }
}

export function validatePodSpecUpdate(spec: any, old: any): FieldError[] {
  const errs: FieldError[] = []
  for (const key of ['containers', 'initContainers'] as const) {
    const r = containerImages(spec?.[key], old?.[key], `spec.${key}`)
    errs.push(...r.errs)
    if (r.stop) return errs
  }
  const ads = spec?.activeDeadlineSeconds
  const oldAds = old?.activeDeadlineSeconds
  if (ads !== undefined && ads !== null) {
    if (typeof ads !== 'number' || ads < 0 || ads > MAX_INT32) {
      return [...errs, fieldInvalid('spec.activeDeadlineSeconds', ads, inclusiveRangeError(0, MAX_INT32))]
    }
    if (typeof oldAds === 'number' && oldAds < ads) {
      return [...errs, fieldInvalid('spec.activeDeadlineSeconds', ads, 'must be less than or equal to previous value')]
    }
  } else if (oldAds !== undefined && oldAds !== null) {
    errs.push(fieldInvalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'))
  }
  const tolerations = list(spec?.tolerations)
  for (const t of list(old?.tolerations)) {
    // tolerationSeconds of an existing toleration may change.
    if (!tolerations.some((n) => sameToleration(t, n))) {
      errs.push(fieldForbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'))
      break
    }
  }
  const oldGates = new Set(list(old?.schedulingGates).map((g) => g?.name))
  list(spec?.schedulingGates).forEach((g, i) => {
    if (!oldGates.has(g?.name)) {
      errs.push(
        fieldForbidden(`spec.schedulingGates[${i}].name`, `only deletion is allowed, but found new scheduling gate '${g?.name}'`),
      )
    }
  })
  if (deepEqual(spec, old)) return errs

  // Overwrite the fields that may change with the old values, then require equality.
  const munged = clone(spec ?? {})
  for (const key of ['containers', 'initContainers'] as const) {
    list(munged[key]).forEach((c, i) => {
      c.image = old?.[key]?.[i]?.image
    })
  }
  setOrDelete(munged, 'activeDeadlineSeconds', old?.activeDeadlineSeconds)
  setOrDelete(munged, 'tolerations', old?.tolerations)
  setOrDelete(munged, 'schedulingGates', old?.schedulingGates)
  const grace = old?.terminationGracePeriodSeconds
  if (typeof grace === 'number' && grace < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = grace
  }
  if (!deepEqual(munged, old ?? {})) {
    errs.push(fieldForbidden('spec', `pod updates may not change fields other than ${POD_UPDATABLE_FIELDS}`))
  }
  return errs
}

function sameToleration(a: any, b: any): boolean {
  const { tolerationSeconds: _a, ...restA } = a ?? {}
  const { tolerationSeconds: _b, ...restB } = b ?? {}
  return deepEqual(restA, restB)
}

function setOrDelete(obj: any, key: string, value: unknown): void {
  if (value === undefined) delete obj[key]
  else obj[key] = clone(value)
}
