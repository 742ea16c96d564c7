/**
 * Role-template aggregation (authz.md §8.4), as pure functions the controller applies: which
 * templates a role selects, which rules and Rego policy it gains from them, and which roles a
 * new or changed template must be pushed into.
 */
import {
  matches,
  nothing,
  selectorFromLabelSelector,
  type LabelSelector,
} from '../apimachinery/labels/selector.js'
import { isPlainObject } from '../apimachinery/meta.js'
import { mergePolicies, policyCovers, RegoError } from './rego/policy.js'
import { atomCovered, atomize, ruleCovered } from './rules.js'
import { ANNOTATION_AUTO_AGGREGATE, ANNOTATION_REGO, LABEL_SCOPE, rulesOf, type PolicyRule } from './types.js'

export interface AggregationOutcome {
  rules: PolicyRule[]
  templateNames: string[]
  /** The role's Rego policy after aggregation (undefined: none). */
  policy: string | undefined
  changed: boolean
  /** Policies that could not be parsed and were left out (logged by the caller). */
  warnings: string[]
}

const templateRules = (t: any): PolicyRule[] => rulesOf(t?.spec)

/** A label selector from an object; an invalid one selects nothing. */
function selectorOf(spec: any): LabelSelector {
  try {
    return selectorFromLabelSelector(spec)
  } catch {
    return nothing()
  }
}

/** The templates a role selects, in selection order (authz.md §8.4 step 1). */
export function selectTemplates(role: any, scope: string, templates: readonly any[]): any[] {
  const art = role?.aggregationRoleTemplates
  if (!isPlainObject(art)) return []
  if (isPlainObject(art.roleSelector)) {
    const spec = {
      ...art.roleSelector,
      matchLabels: { ...(art.roleSelector.matchLabels ?? {}), [LABEL_SCOPE]: scope },
    }
    const selector = selectorOf(spec)
    return templates
      .filter((t) => matches(selector, t.metadata?.labels))
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0))
  }
  const byName = new Map(templates.map((t) => [t.metadata?.name, t]))
  const names: unknown[] = Array.isArray(art.templateNames) ? art.templateNames : []
  const picked: any[] = []
  for (const n of new Set(names)) {
    const t = byName.get(n)
    if (t) picked.push(t)
  }
  return picked
}

/** Steps 2–5 of authz.md §8.4 for one role; the role object is not changed. */
export function aggregate(role: any, scope: string, templates: readonly any[]): AggregationOutcome {
  const currentRules = rulesOf(role)
  const currentNames: string[] = Array.isArray(role?.aggregationRoleTemplates?.templateNames)
    ? role.aggregationRoleTemplates.templateNames
    : []
  const currentPolicy: string | undefined = role?.metadata?.annotations?.[ANNOTATION_REGO] || undefined
  const selected = selectTemplates(role, scope, templates)
  if (!isPlainObject(role?.aggregationRoleTemplates)) {
    return {
      rules: currentRules,
      templateNames: currentNames,
      policy: currentPolicy,
      changed: false,
      warnings: [],
    }
  }

  const collected: PolicyRule[] = []
  for (const t of selected)
    for (const rule of templateRules(t)) if (!ruleCovered(rule, collected)) collected.push(rule)

  const rules = [...currentRules]
  for (const atom of atomize(collected)) if (!atomCovered(atom, rules)) rules.push(atom)

  const templateNames = selected.map((t) => t.metadata.name as string)
  const warnings: string[] = []
  let policy = currentPolicy
  const texts = selected
    .map((t) => t.metadata?.annotations?.[ANNOTATION_REGO])
    .filter((p): p is string => typeof p === 'string' && p !== '')
  if (texts.length > 0) {
    const merged = mergePolicies(texts)
    for (const s of merged.skipped)
      warnings.push(`a role template's rego policy cannot be parsed and is skipped: ${s.error}`)
    if (merged.text !== undefined) {
      if (currentPolicy === undefined) policy = merged.text
      else {
        try {
          if (!policyCovers(currentPolicy, merged.text)) policy = merged.text
        } catch (e) {
          if (!(e instanceof RegoError)) throw e
          // The role's own policy is kept as it is; its rules still aggregate.
          warnings.push(`the role's rego policy cannot be parsed and is left unchanged: ${e.message}`)
        }
      }
    }
  }

  const changed =
    rules.length !== currentRules.length ||
    templateNames.length !== currentNames.length ||
    templateNames.some((n, i) => n !== currentNames[i]) ||
    policy !== currentPolicy
  return { rules, templateNames, policy, changed, warnings }
}

/** The role with the outcome written into it (a copy). */
export function withAggregation(role: any, outcome: AggregationOutcome): any {
  const annotations = { ...(role.metadata?.annotations ?? {}) }
  if (outcome.policy === undefined) delete annotations[ANNOTATION_REGO]
  else annotations[ANNOTATION_REGO] = outcome.policy
  const metadata = { ...role.metadata }
  if (Object.keys(annotations).length) metadata.annotations = annotations
  else delete metadata.annotations
  return {
    ...role,
    metadata,
    aggregationRoleTemplates: { ...role.aggregationRoleTemplates, templateNames: outcome.templateNames },
    rules: outcome.rules,
  }
}

/**
 * Whether a changed template must be pushed into a role (authz.md §8.4, "When a RoleTemplate is
 * created or updated"): the role opted in with auto-aggregate, has a selector that matches the
 * template's labels (the scope is the role's own), and does not list the template yet.
 */
export function wantsTemplate(role: any, template: any): boolean {
  if (role?.metadata?.annotations?.[ANNOTATION_AUTO_AGGREGATE] !== 'true') return false
  const art = role.aggregationRoleTemplates
  if (!isPlainObject(art) || !isPlainObject(art.roleSelector)) return false
  const names: unknown[] = Array.isArray(art.templateNames) ? art.templateNames : []
  if (names.includes(template.metadata?.name)) return false
  return matches(selectorOf(art.roleSelector), template.metadata?.labels)
}
