/**
 * One label selector requirement: construction with upstream's validation, matching and its
 * canonical string form (k8s.io/apimachinery pkg/labels Requirement).
 */
import { fieldErrorString, fieldInvalid, fieldNotSupported, type FieldError } from '../errors.js'
import { isQualifiedName, isValidLabelValue } from '../validation.js'

/** Operator spellings as upstream's `selection.Operator` values. */
export const LABEL_OPERATORS = ['in', 'notin', '=', '==', '!=', 'gt', 'lt', 'exists', '!'] as const
export type LabelOperator = (typeof LABEL_OPERATORS)[number]

export interface LabelRequirement {
  key: string
  operator: LabelOperator
  /** In the order given; the string form sorts them. Empty for `exists` and `!`. */
  values: string[]
}

/**
 * Error paths are the upstream field paths relative to a requirement. A selector string parsed
 * without a path reports a bad key under the literal path `<nil>`, as kube-apiserver does.
 */
export const NIL_PATH = '<nil>'

/** The field error for an invalid key, or undefined. Several details are joined with `; `. */
export function keyError(key: string, path: string): FieldError | undefined {
  const errs = isQualifiedName(key)
  return errs.length ? fieldInvalid(path, key, errs.join('; ')) : undefined
}

/** Validates a requirement the way upstream's NewRequirement does; returns the field errors. */
export function requirementErrors(key: string, operator: string, values: string[]): FieldError[] {
  const errs: FieldError[] = []
  const ke = keyError(key, 'key')
  if (ke) errs.push(ke)
  switch (operator) {
    case 'in':
    case 'notin':
      // Upstream copies the values into a nil slice first, so an empty list prints as `[]string(nil)`;
      // goValue cannot spell that, hence the value is folded into the detail.
      if (values.length === 0) {
        errs.push({
          ...fieldInvalid('values', undefined, ''),
          detail: "[]string(nil): for 'in', 'notin' operators, values set can't be empty",
        })
      }
      break
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1)
        errs.push(fieldInvalid('values', values, 'exact-match compatibility requires one single value'))
      break
    case 'exists':
    case '!':
      if (values.length !== 0)
        errs.push(fieldInvalid('values', values, 'values set must be empty for exists and does not exist'))
      break
    case 'gt':
    case 'lt':
      if (values.length !== 1)
        errs.push(fieldInvalid('values', values, "for 'Gt', 'Lt' operators, exactly one value is required"))
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) {
          errs.push(fieldInvalid(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"))
        }
      })
      break
    default:
      errs.push(fieldNotSupported('operator', operator, [...LABEL_OPERATORS]))
  }
  values.forEach((v, i) => {
    const ve = isValidLabelValue(v)
    if (ve.length) errs.push(fieldInvalid(`values[${i}][${key}]`, v, ve.join('; ')))
  })
  return errs
}

/** Upstream's aggregate error text: one error as is, several (deduplicated) as `[a, b]`. */
export function aggregateMessage(errs: FieldError[]): string {
  const texts = [...new Set(errs.map(fieldErrorString))]
  return texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`
}

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/** Go's strconv.ParseInt(s, 10, 64): optional sign, decimal digits, within int64. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined
  const n = BigInt(s)
  return n < INT64_MIN || n > INT64_MAX ? undefined : n
}

/** `!=` and `notin` match objects without the key; `gt`/`lt` need an integer label value. */
export function requirementMatches(r: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, r.key)
  const value = has ? labels[r.key] : undefined
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(value!)
    case 'notin':
    case '!=':
      return !has || !r.values.includes(value!)
    case 'exists':
      return has
    case '!':
      return !has
    case 'gt':
    case 'lt': {
      if (!has || r.values.length !== 1) return false
      const actual = parseInt64(value!)
      const bound = parseInt64(r.values[0])
      if (actual === undefined || bound === undefined) return false
      return r.operator === 'gt' ? actual > bound : actual < bound
    }
  }
}

const OPERATOR_TEXT: Record<LabelOperator, string> = {
  in: ' in ',
  notin: ' notin ',
  '=': '=',
  '==': '==',
  '!=': '!=',
  gt: '>',
  lt: '<',
  exists: '',
  '!': '',
}

/** `app=web`, `tier in (a,b)` (values sorted), `!key`, `key`. */
export function requirementToString(r: LabelRequirement): string {
  if (r.operator === 'exists') return r.key
  if (r.operator === '!') return `!${r.key}`
  const values = [...r.values].sort(compareStrings).join(',')
  const set = r.operator === 'in' || r.operator === 'notin'
  return `${r.key}${OPERATOR_TEXT[r.operator]}${set ? `(${values})` : values}`
}

/** Code-unit order: Go's byte order (sort.Strings) for the ASCII that valid keys and values use. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Requirements in key order (stable for equal keys), as upstream sorts a selector. */
export function sortByKey(reqs: LabelRequirement[]): LabelRequirement[] {
  return [...reqs].sort((a, b) => compareStrings(a.key, b.key))
}
