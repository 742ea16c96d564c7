/**
 * Label selectors: the `labelSelector` query parameter and objects' `spec.selector`
 * (metav1.LabelSelector). A selector is an AND of requirements; the empty selector matches
 * everything, the "nothing" selector (from an absent spec.selector) matches no object.
 */
import { newBadRequest } from '../errors.js'
import { parseRequirements, SelectorParseError } from './parser.js'
import {
  aggregateMessage,
  compareStrings,
  requirementErrors,
  requirementMatches,
  requirementToString,
  sortByKey,
  type LabelOperator,
  type LabelRequirement,
} from './requirement.js'

export { LABEL_OPERATORS, type LabelOperator, type LabelRequirement } from './requirement.js'

export interface LabelSelector {
  /** Sorted by key. */
  readonly requirements: readonly LabelRequirement[]
  /** True only for the selector of an absent metav1.LabelSelector: it matches nothing. */
  readonly nothing?: boolean
}

/** metav1.LabelSelectorRequirement as it appears in objects. */
export interface LabelSelectorRequirementSpec {
  key: string
  operator: string
  values?: string[] | null
}

/** metav1.LabelSelector as it appears in objects (`spec.selector`). */
export interface LabelSelectorSpec {
  matchLabels?: Record<string, string> | null
  matchExpressions?: LabelSelectorRequirementSpec[] | null
}

export const everything = (): LabelSelector => ({ requirements: [] })
export const nothing = (): LabelSelector => ({ requirements: [], nothing: true })

/**
 * Parses the `labelSelector` query syntax (`a=b,c!=d,e in (f,g),h notin (i),j,!k`).
 * Throws a 400 BadRequest carrying upstream's parser message
 * (e.g. `unable to parse requirement: found '', expected: ',' or ')'`).
 */
export function parseLabelSelector(s: string): LabelSelector {
  try {
    return { requirements: sortByKey(parseRequirements(s)) }
  } catch (e) {
    if (e instanceof SelectorParseError) throw newBadRequest(e.message)
    throw e
  }
}

/** True when every requirement holds for the labels (an absent label map is empty). */
export function matches(sel: LabelSelector, labels: Record<string, string> | null | undefined): boolean {
  if (sel.nothing) return false
  const ls = labels ?? {}
  return sel.requirements.every((r) => requirementMatches(r, ls))
}

/** True for the selector that selects every object (no requirements). */
export function isEverything(sel: LabelSelector): boolean {
  return !sel.nothing && sel.requirements.length === 0
}

/** Canonical string, as kube prints a selector: `app=web,tier in (a,b)`; `''` for everything/nothing. */
export function selectorToString(sel: LabelSelector): string {
  return sel.requirements.map(requirementToString).join(',')
}

const META_OPERATORS: Record<string, LabelOperator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
}

/**
 * Converts an object's metav1.LabelSelector. `null`/`undefined` selects nothing; `{}` selects
 * everything. Invalid keys, values or operators throw a 400 with upstream's message
 * (e.g. `"Foo" is not a valid label selector operator`).
 */
export function selectorFromLabelSelector(ls: LabelSelectorSpec | null | undefined): LabelSelector {
  if (ls == null) return nothing()
  const reqs: LabelRequirement[] = []
  const add = (key: string, operator: LabelOperator, values: string[]) => {
    const errs = requirementErrors(key, operator, values)
    if (errs.length) throw newBadRequest(aggregateMessage(errs))
    reqs.push({ key, operator, values })
  }
  const labels = ls.matchLabels ?? {}
  for (const key of Object.keys(labels).sort(compareStrings)) add(key, '=', [String(labels[key])])
  for (const expr of ls.matchExpressions ?? []) {
    const op = Object.hasOwn(META_OPERATORS, expr.operator) ? META_OPERATORS[expr.operator] : undefined
    if (!op) throw newBadRequest(`${JSON.stringify(expr.operator)} is not a valid label selector operator`)
    add(expr.key, op, [...(expr.values ?? [])])
  }
  return { requirements: sortByKey(reqs) }
}

/**
 * What `kubectl get -o wide` and describe print for a metav1.LabelSelector: the canonical
 * string, `<none>` when it selects everything or nothing, `<error>` when invalid.
 */
export function formatLabelSelector(ls: LabelSelectorSpec | null | undefined): string {
  let s: string
  try {
    s = selectorToString(selectorFromLabelSelector(ls))
  } catch {
    return '<error>'
  }
  return s || '<none>'
}

/** Exact-match selector for a label set (`matchLabels` alone), keys sorted. */
export function selectorFromSet(labels: Record<string, string> | null | undefined): LabelSelector {
  const entries = Object.entries(labels ?? {}).sort(([a], [b]) => compareStrings(a, b))
  return { requirements: entries.map(([key, v]) => ({ key, operator: '=' as const, values: [v] })) }
}

/**
 * The single value a selector requires for `key` (`key=v`, `key==v`, `key in (v)`), so callers
 * can use an index; undefined when the key is not pinned to one value.
 */
export function requiresExactMatch(sel: LabelSelector, key: string): string | undefined {
  const r = sel.requirements.find((x) => x.key === key)
  if (!r || !['=', '==', 'in'].includes(r.operator) || r.values.length !== 1) return undefined
  return r.values[0]
}
