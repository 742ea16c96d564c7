/**
 * The generic list filters of both query semantics (kapis.md §4.2 v1alpha3, §4.3 v1beta1), on
 * an object's metadata. A filter key that neither the semantics nor the resource knows matches
 * everything. Resource-specific filters (resource-filters.ts) run first and fall back to these.
 */
import { matches } from '../apimachinery/labels/selector.js'
import { lenientSelector } from './query.js'

export type Semantics = 'v1alpha3' | 'v1beta1'

export const ALIAS_ANNOTATION = 'kubesphere.io/alias-name'

/** Matches the filters both semantics share; undefined for keys they treat differently. */
function commonFilter(meta: any, key: string, value: string): boolean | undefined {
  switch (key) {
    case 'names':
      return value.split(',').includes(meta.name ?? '')
    case 'uid':
      return (meta.uid ?? '') === value
    case 'namespace':
      return (meta.namespace ?? '') === value
    case 'ownerReference':
      return (meta.ownerReferences ?? []).some((o: any) => o?.uid === value)
    case 'ownerKind':
      return (meta.ownerReferences ?? []).some((o: any) => o?.kind === value)
    default:
      return undefined
  }
}

/** v1alpha3: `label`/`annotation` are full label selectors (a parse error matches nothing). */
export function metaFilterV1alpha3(obj: any, key: string, value: string): boolean {
  const meta = obj?.metadata ?? {}
  const common = commonFilter(meta, key, value)
  if (common !== undefined) return common
  switch (key) {
    case 'name':
    case 'nameAndAlias':
      return (meta.name ?? '').includes(value) || (meta.annotations?.[ALIAS_ANNOTATION] ?? '').includes(value)
    case 'label':
      return selectorMatch(meta.labels, value)
    case 'annotation':
      return selectorMatch(meta.annotations, value)
    default:
      return true
  }
}

/** v1beta1: single-requirement `label`/`annotation`, case-insensitive alias, `fieldSelector`. */
export function metaFilterV1beta1(obj: any, key: string, value: string): boolean {
  const meta = obj?.metadata ?? {}
  const common = commonFilter(meta, key, value)
  if (common !== undefined) return common
  switch (key) {
    case 'name':
    case 'nameAndAlias': {
      if ((meta.name ?? '').includes(value)) return true
      const alias: string = meta.annotations?.[ALIAS_ANNOTATION] ?? ''
      return alias !== '' && alias.toLowerCase().includes(value.toLowerCase())
    }
    case 'label':
      return singleRequirementMatch(meta.labels, value)
    case 'annotation':
      return singleRequirementMatch(meta.annotations, value)
    case 'fieldSelector':
      return fieldSelectorMatch(obj, value, false)
    default:
      return true
  }
}

export function metaFilter(semantics: Semantics, obj: any, key: string, value: string): boolean {
  return semantics === 'v1alpha3' ? metaFilterV1alpha3(obj, key, value) : metaFilterV1beta1(obj, key, value)
}

function selectorMatch(map: Record<string, string> | undefined, text: string): boolean {
  const sel = lenientSelector(text)
  if (!sel) return text === '' // an empty selector selects everything; a broken one nothing
  return matches(sel, map)
}

/** `key=value` (present with that value; `*` any), `key!=value` (present, different), `key` (present). */
export function singleRequirementMatch(map: Record<string, string> | undefined, text: string): boolean {
  const eq = text.indexOf('=')
  let key = eq < 0 ? text : text.slice(0, eq)
  const value = eq < 0 ? '*' : text.slice(eq + 1)
  const negated = eq >= 0 && key.endsWith('!')
  if (negated) key = key.slice(0, -1)
  if (!map || !Object.hasOwn(map, key)) return false
  const actual = map[key]
  return negated ? actual !== value : value === '*' || actual === value
}

interface FieldTerm {
  path: string[]
  value: string
  negated: boolean
}

function parseFieldTerms(text: string): FieldTerm[] | undefined {
  const terms: FieldTerm[] = []
  for (const part of text.split(',')) {
    if (part === '') continue
    let at = part.indexOf('!=')
    let negated = true
    let width = 2
    if (at < 0) {
      negated = false
      at = part.indexOf('==')
      if (at < 0) {
        at = part.indexOf('=')
        width = 1
      }
    }
    if (at <= 0) return undefined
    terms.push({
      path: part.slice(0, at).replace(/^\./, '').split('.'),
      value: part.slice(at + width),
      negated,
    })
  }
  return terms
}

/** The value at a dotted path as a string; undefined when a step is missing. */
export function readPath(obj: any, path: readonly string[]): string | undefined {
  let cur = obj
  for (const step of path) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, step)) return undefined
    cur = cur[step]
  }
  if (cur === null || cur === undefined) return undefined
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur)
}

/**
 * Comma-separated `path=value`, `path==value`, `path!=value` over the object's JSON; all must
 * hold. A value starting with `~` compares case-insensitively. A missing path reads as '' —
 * or fails the term when `missingFails` (the v1alpha3 Secret filter).
 */
export function fieldSelectorMatch(obj: any, text: string, missingFails: boolean): boolean {
  const terms = parseFieldTerms(text)
  if (!terms) return false
  for (const t of terms) {
    const found = readPath(obj, t.path)
    if (found === undefined && missingFails) return false
    let actual = found ?? ''
    let wanted = t.value
    if (wanted.startsWith('~')) {
      wanted = wanted.slice(1).toLowerCase()
      actual = actual.toLowerCase()
    }
    if ((actual === wanted) === t.negated) return false
  }
  return true
}
