/**
 * Field selectors (`fieldSelector` query parameter): `f=v`, `f==v`, `f!=v`, comma = AND, no set
 * operators, no whitespace trimming. In values, `\`, `,` and `=` are escaped with a backslash.
 * A field the object does not have reads as the empty string, so `f=` and `f!=x` match it.
 * Parsing and messages follow k8s.io/apimachinery pkg/fields; callers decide which fields a kind
 * supports by looking at requirements().
 */
import { newBadRequest } from '../errors.js'

export type FieldOperator = '=' | '!='

export interface FieldRequirement {
  field: string
  /** `==` is folded into `=`, as upstream does. */
  operator: FieldOperator
  /** Unescaped. */
  value: string
}

export interface FieldSelector {
  /** Sorted by the source text of each term (upstream sorts before parsing). */
  readonly requirements: readonly FieldRequirement[]
}

/** Split on commas not preceded by a backslash escape. */
function splitTerms(s: string): string[] {
  if (s.length === 0) return []
  const terms: string[] = []
  let start = 0
  let escaped = false
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (escaped) escaped = false
    else if (c === '\\') escaped = true
    else if (c === ',') {
      terms.push(s.slice(start, i))
      start = i + 1
    }
  }
  terms.push(s.slice(start))
  return terms
}

const TERM_OPERATORS = ['!=', '==', '='] as const

/** The first position where an operator starts splits the term; `!=` and `==` win over `=`. */
function splitTerm(
  term: string,
): { lhs: string; op: (typeof TERM_OPERATORS)[number]; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of TERM_OPERATORS) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) }
    }
  }
  return undefined
}

/** Undo escapeFieldValue; throws a 400 on `\x` sequences and bare `,`/`=`. */
export function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s
  let out = ''
  let escaped = false
  for (const c of s) {
    if (escaped) {
      if (c !== '\\' && c !== ',' && c !== '=') {
        throw newBadRequest(`invalid field selector: invalid escape sequence: \\${c}`)
      }
      out += c
      escaped = false
    } else if (c === '\\') {
      escaped = true
    } else if (c === ',' || c === '=') {
      // Upstream prints the rune with %v, i.e. as its code point number.
      throw newBadRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`)
    } else {
      out += c
    }
  }
  if (escaped) throw newBadRequest('invalid field selector: invalid escape sequence: \\')
  return out
}

/** Escape `\`, `,` and `=` so a value survives the selector syntax. */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`)
}

/** Parses a field selector; throws a 400 BadRequest with upstream's message on bad syntax. */
export function parseFieldSelector(s: string): FieldSelector {
  const parts = splitTerms(s).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const reqs: FieldRequirement[] = []
  for (const part of parts) {
    if (part === '') continue
    const t = splitTerm(part)
    if (!t) throw newBadRequest(`invalid selector: '${s}'; can't understand '${part}'`)
    const value = unescapeFieldValue(t.rhs)
    // A term with neither field nor value (`=`) selects everything; upstream drops it.
    if (t.lhs === '' && value === '') continue
    reqs.push({ field: t.lhs, operator: t.op === '!=' ? '!=' : '=', value })
  }
  return { requirements: reqs }
}

/** True when every requirement holds; absent fields compare as ''. */
export function matchesFields(sel: FieldSelector, fields: Record<string, string>): boolean {
  return sel.requirements.every((r) => {
    const actual = Object.hasOwn(fields, r.field) ? fields[r.field] : ''
    return r.operator === '=' ? actual === r.value : actual !== r.value
  })
}

/** The requirements, so callers can reject fields a kind does not support. */
export function requirements(sel: FieldSelector): readonly FieldRequirement[] {
  return sel.requirements
}

/** The first field not in `supported`, if any (for `field label not supported: <field>`). */
export function unsupportedField(sel: FieldSelector, supported: readonly string[]): string | undefined {
  return sel.requirements.find((r) => !supported.includes(r.field))?.field
}

/** True when the selector has no requirements. */
export function isEverythingFields(sel: FieldSelector): boolean {
  return sel.requirements.length === 0
}

/** The value an `=` requirement pins `field` to (first one wins), e.g. for an index lookup. */
export function requiresExactMatchField(sel: FieldSelector, field: string): string | undefined {
  return sel.requirements.find((r) => r.field === field && r.operator === '=')?.value
}

/** `metadata.name=x` → `x`: lets a list or watch read one key instead of scanning. */
export function exactName(sel: FieldSelector): string | undefined {
  return requiresExactMatchField(sel, 'metadata.name')
}

/** Canonical form: `f=v` / `f!=v` joined by commas, values escaped. */
export function fieldSelectorToString(sel: FieldSelector): string {
  return sel.requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',')
}

/** Exact-match selector for a set of fields, sorted by field. */
export function fieldSelectorFromSet(fields: Record<string, string>): FieldSelector {
  const keys = Object.keys(fields).sort()
  return { requirements: keys.map((field) => ({ field, operator: '=' as const, value: fields[field] })) }
}
