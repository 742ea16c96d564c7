/**
 * Small field validators shared by the built-in kinds, with upstream's exact detail texts
 * (k8s.io/apimachinery pkg/util/validation and pkg/apis/meta/v1/validation, core validation).
 */
import {
  fieldForbidden,
  fieldInvalid,
  fieldRequired,
  type FieldError,
} from '../../../apimachinery/errors.js'
import { deepEqual, isPlainObject } from '../../../apimachinery/meta.js'
import { isQualifiedName, isValidLabelValue, maxLenError, regexError } from '../../../apimachinery/validation.js'

export const inclusiveRangeError = (lo: number, hi: number) => `must be between ${lo} and ${hi}, inclusive`

export const MAX_INT32 = 2147483647

/** `must be greater than or equal to 0` when negative (ValidateNonnegativeField). */
export function nonNegative(value: unknown, path: string): FieldError[] {
  return typeof value === 'number' && value < 0 ? [fieldInvalid(path, value, 'must be greater than or equal to 0')] : []
}

/** Port numbers 1–65535. */
export function isValidPortNum(port: unknown): string[] {
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535
    ? []
    : [inclusiveRangeError(1, 65535)]
}

/** IANA service names as used for port names: ≤15 chars, lower-case alphanumerics and single hyphens. */
export function isValidPortName(name: string): string[] {
  const errs: string[] = []
  if (name.length > 15) errs.push(maxLenError(15))
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)')
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)')
  if (name.includes('--')) errs.push('must not contain consecutive hyphens')
  if (name.length > 0 && (name.startsWith('-') || name.endsWith('-'))) errs.push('must not begin or end with a hyphen')
  return errs
}

/** `25%` style percentages. */
export function isValidPercent(v: string): string[] {
  return /^[0-9]+%$/.test(v)
    ? []
    : [regexError("a valid percent string must be a numeric string followed by an ending '%'", '[0-9]+%', '1%', '93%')]
}

/** `field is immutable` when the value changed (ValidateImmutableField). */
export function immutable(newValue: unknown, oldValue: unknown, path: string): FieldError[] {
  return deepEqual(newValue ?? null, oldValue ?? null) ? [] : [fieldInvalid(path, newValue ?? null, 'field is immutable')]
}

/** metav1.LabelSelector structure: operators, values by operator, key and value syntax. */
export function validateLabelSelector(sel: unknown, path: string): FieldError[] {
  if (sel === undefined || sel === null) return []
  if (!isPlainObject(sel)) return [fieldInvalid(path, sel, 'must be a label selector')]
  const errs: FieldError[] = []
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    for (const msg of isQualifiedName(k)) errs.push(fieldInvalid(`${path}.matchLabels`, k, msg))
    for (const msg of isValidLabelValue(String(v))) errs.push(fieldInvalid(`${path}.matchLabels`, v, msg))
  }
  const exprs: unknown[] = Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []
  exprs.forEach((raw, i) => {
    const e: any = isPlainObject(raw) ? raw : {}
    const p = `${path}.matchExpressions[${i}]`
    const values: unknown[] = Array.isArray(e.values) ? e.values : []
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errs.push(fieldRequired(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"))
        break
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) errs.push(fieldForbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
        break
      default:
        errs.push(fieldInvalid(`${p}.operator`, e.operator ?? '', 'not a valid selector operator'))
    }
    for (const msg of isQualifiedName(String(e.key ?? ''))) errs.push(fieldInvalid(`${p}.key`, e.key ?? '', msg))
    values.forEach((v, j) => {
      for (const msg of isValidLabelValue(String(v))) errs.push(fieldInvalid(`${p}.values[${j}]`, v, msg))
    })
  })
  return errs
}

/** True when the selector selects nothing in particular: no matchLabels and no matchExpressions. */
export function isEmptySelector(sel: any): boolean {
  return Object.keys(sel?.matchLabels ?? {}).length + (sel?.matchExpressions?.length ?? 0) === 0
}
