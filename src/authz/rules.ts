/**
 * Rule matching (authz.md §6.4, §6.5) and rule coverage (§8.4): whether a PolicyRule allows a
 * request, and whether one set of rules grants everything another does.
 */
import type { Attributes } from './attributes.js'
import type { PolicyRule } from './types.js'

const list = (v: string[] | undefined): string[] => (Array.isArray(v) ? v : [])

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  const verbs = list(rule.verbs)
  return verbs.includes('*') || verbs.includes(verb)
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  const groups = list(rule.apiGroups)
  return groups.includes('*') || groups.includes(group)
}

/**
 * `*` matches anything; otherwise the entry must equal `resource` or `resource/subresource`
 * exactly, or be `*` + `/<subresource>` for a request with that subresource.
 */
export function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource
  for (const r of list(rule.resources)) {
    if (r === '*' || r === combined) return true
    if (subresource && r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource))
      return true
  }
  return false
}

/** An empty list allows any name (also nameless requests); otherwise the name must be listed. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = list(rule.resourceNames)
  return names.length === 0 || names.includes(name)
}

/** `*`, the exact path, or a `prefix*` entry whose prefix (trailing stars dropped) starts the path. */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of list(rule.nonResourceURLs)) {
    if (u === '*' || u === path) return true
    if (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))) return true
  }
  return false
}

export function ruleAllows(a: Attributes, rule: PolicyRule): boolean {
  if (a.resourceRequest) {
    return (
      verbMatches(rule, a.verb) &&
      apiGroupMatches(rule, a.apiGroup) &&
      resourceMatches(rule, a.resource, a.subresource) &&
      resourceNameMatches(rule, a.name)
    )
  }
  return verbMatches(rule, a.verb) && nonResourceURLMatches(rule, a.path)
}

export function rulesAllow(a: Attributes, rules: readonly PolicyRule[]): boolean {
  for (const r of rules) if (ruleAllows(a, r)) return true
  return false
}

// ---- coverage ----

/**
 * Breaks rules into atoms: one group × resource × verb [× resourceName] each, or one
 * nonResourceURL × verb. A rule with both kinds of fields yields both kinds of atoms.
 */
export function atomize(rules: readonly PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = []
  for (const rule of rules) {
    const verbs = list(rule.verbs)
    for (const group of list(rule.apiGroups)) {
      for (const resource of list(rule.resources)) {
        for (const verb of verbs) {
          const names = list(rule.resourceNames)
          if (names.length === 0) out.push({ verbs: [verb], apiGroups: [group], resources: [resource] })
          else
            for (const n of names)
              out.push({ verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: [n] })
        }
      }
    }
    for (const url of list(rule.nonResourceURLs)) {
      for (const verb of verbs) out.push({ verbs: [verb], nonResourceURLs: [url] })
    }
  }
  return out
}

function atomCoveredBy(atom: PolicyRule, owner: PolicyRule): boolean {
  const verb = atom.verbs[0]
  if (!verbMatches(owner, verb)) return false
  if (atom.nonResourceURLs?.length) {
    if (list(owner.nonResourceURLs).length === 0) return false
    return nonResourceURLMatches(owner, atom.nonResourceURLs[0])
  }
  if (list(owner.resources).length === 0) return false
  if (!apiGroupMatches(owner, atom.apiGroups![0])) return false
  const resource = atom.resources![0]
  const slash = resource.indexOf('/')
  const ownerResources = list(owner.resources)
  const resourceOk =
    ownerResources.includes('*') ||
    ownerResources.includes(resource) ||
    (slash > 0 && ownerResources.includes(`*${resource.slice(slash)}`))
  if (!resourceOk) return false
  const ownerNames = list(owner.resourceNames)
  if (ownerNames.length === 0) return true
  const atomNames = list(atom.resourceNames)
  return atomNames.length === 1 && ownerNames.includes(atomNames[0])
}

/** True when some rule of `owner` grants the atom. */
export function atomCovered(atom: PolicyRule, owner: readonly PolicyRule[]): boolean {
  for (const r of owner) if (atomCoveredBy(atom, r)) return true
  return false
}

/** True when `owner` grants everything `rule` grants. */
export function ruleCovered(rule: PolicyRule, owner: readonly PolicyRule[]): boolean {
  return atomize([rule]).every((atom) => atomCovered(atom, owner))
}

/** The atoms of `rules` that `owner` does not grant. */
export function uncoveredAtoms(rules: readonly PolicyRule[], owner: readonly PolicyRule[]): PolicyRule[] {
  return atomize(rules).filter((atom) => !atomCovered(atom, owner))
}
