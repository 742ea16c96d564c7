/**
 * What the apps/v1 workload kinds share: the selector/template contract, pod template
 * defaulting and validation, selector immutability, int-or-percent fields, and the table
 * cells of their templates.
 */
import { fieldForbidden, fieldInvalid, fieldNotSupported, fieldRequired, type FieldError } from '../../../apimachinery/errors.js'
import { deepEqual } from '../../../apimachinery/meta.js'
import {
  formatLabelSelector,
  isEverything,
  matches,
  selectorFromLabelSelector,
  type LabelSelector,
} from '../../../apimachinery/labels/selector.js'
import { isEmptySelector, isValidPercent, nonNegative, validateLabelSelector } from '../../core/v1/field-checks.js'
import { goIntOrString, goLabelSelector, goStringMap, invalidRaw } from '../../core/v1/go-format.js'
import { validatePodTemplateSpec } from '../../core/v1/pod-validation.js'
import { containerCells } from '../../core/v1/table-helpers.js'

export const SELECTOR_MISMATCH = '`selector` does not match template `labels`'

/** Converts spec.selector, undefined when it is structurally invalid. */
function toSelector(sel: unknown): LabelSelector | undefined {
  try {
    return selectorFromLabelSelector(sel as any)
  } catch {
    return undefined
  }
}

/**
 * spec.selector is required, valid and non-empty (`empty selector is invalid for <word>`);
 * `invalidSelectorDetail` is what upstream reports when it cannot be converted.
 */
export function validateRequiredSelector(sel: unknown, word: string, invalidSelectorDetail: string): FieldError[] {
  if (sel === undefined || sel === null) return [fieldRequired('spec.selector', '')]
  const errs = validateLabelSelector(sel, 'spec.selector')
  if (isEmptySelector(sel)) errs.push(invalidRaw('spec.selector', goLabelSelector(sel), `empty selector is invalid for ${word}`))
  if (errs.length === 0 && toSelector(sel) === undefined) {
    errs.push(invalidRaw('spec.selector', goLabelSelector(sel), invalidSelectorDetail))
  }
  return errs
}

/**
 * The template's labels must satisfy the selector unless it selects everything. An absent
 * selector selects nothing, so it never matches (upstream reports both errors then).
 */
export function validateSelectorMatchesTemplate(sel: unknown, template: any): FieldError[] {
  const selector = toSelector(sel)
  if (!selector || isEverything(selector)) return []
  const labels = template?.metadata?.labels
  if (matches(selector, labels)) return []
  return [invalidRaw('spec.template.metadata.labels', goStringMap(labels), SELECTOR_MISMATCH)]
}

/**
 * The pod template of a controller that keeps pods running: full template validation,
 * restartPolicy Always, no activeDeadlineSeconds. `kindName` goes into the message
 * (`activeDeadlineSeconds in ReplicaSet is not Supported`).
 */
export function validateRunningTemplate(template: any, kindName: string): FieldError[] {
  const errs = validatePodTemplateSpec(template, 'spec.template')
  const spec = template?.spec
  if (spec && typeof spec === 'object') {
    if (spec.restartPolicy && spec.restartPolicy !== 'Always') {
      errs.push(fieldNotSupported('spec.template.spec.restartPolicy', spec.restartPolicy, ['Always']))
    }
    if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
      errs.push(fieldForbidden('spec.template.spec.activeDeadlineSeconds', `activeDeadlineSeconds in ${kindName} is not Supported`))
    }
  }
  return errs
}

/** apps/v1 forbids changing spec.selector after create. */
export function validateSelectorImmutable(sel: unknown, oldSel: unknown): FieldError[] {
  if (deepEqual(sel ?? null, oldSel ?? null)) return []
  return [invalidRaw('spec.selector', goLabelSelector(sel), 'field is immutable')]
}

/** Non-negative integer fields of a spec, by name. */
export function nonNegativeFields(spec: any, names: readonly string[]): FieldError[] {
  return names.flatMap((n) => nonNegative(spec?.[n], `spec.${n}`))
}

// ---- int-or-percent (maxSurge, maxUnavailable) ----

function percentValue(v: unknown): number | undefined {
  return typeof v === 'string' && isValidPercent(v).length === 0 ? Number(v.slice(0, -1)) : undefined
}

/** The number an int-or-percent field stands for when compared with zero. */
export function intOrPercentValue(v: unknown): number {
  const pct = percentValue(v)
  if (pct !== undefined) return pct
  if (typeof v === 'number') return v
  const n = typeof v === 'string' && /^[+-]?\d+$/.test(v) ? Number(v) : 0
  return n
}

/** A non-negative integer or a valid percentage. */
export function validatePositiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((msg) => invalidRaw(path, goIntOrString(v), msg))
  if (typeof v === 'number') return v < 0 ? [fieldInvalid(path, v, 'must be greater than or equal to 0')] : []
  return []
}

/** At most 100% when given as a percentage. */
export function notMoreThan100Percent(v: unknown, path: string): FieldError[] {
  const pct = percentValue(v)
  return pct !== undefined && pct > 100 ? [invalidRaw(path, goIntOrString(v), 'must not be greater than 100%')] : []
}

/** Containers, Images and Selector cells of the wide apps/v1 tables (FormatLabelSelector). */
export function templateCells(obj: any): [string, string, string] {
  const [names, images] = containerCells(obj?.spec?.template?.spec?.containers)
  return [names, images, formatLabelSelector(obj?.spec?.selector)]
}
