/**
 * Rego policies as roles carry them in annotation `iam.kubesphere.io/rego-override`
 * (authz.md §6.6): compiled once, queried as `data.authz.allow` with the attribute record as
 * input; the policy allows only when that value is exactly `true`.
 */
import type { Module } from './ast.js'
import { Evaluator, groupRules } from './evaluator.js'
import { parseModule, RegoError } from './parser.js'

export { RegoError } from './parser.js'

export interface CompiledPolicy {
  readonly module: Module
  /** True when `data.authz.allow` is exactly true; throws RegoError when evaluation fails. */
  evaluate(input: unknown): boolean
}

const PACKAGE = 'authz'
const QUERY_RULE = 'allow'

/** Parses a policy; throws RegoError when it is outside the supported subset. */
export function compilePolicy(text: string): CompiledPolicy {
  const module = parseModule(text)
  const byName = groupRules(module)
  const inPackage = module.packagePath.length === 1 && module.packagePath[0] === PACKAGE
  return {
    module,
    evaluate(input: unknown): boolean {
      if (!inPackage || !byName.has(QUERY_RULE)) return false
      return new Evaluator(module, byName, input).rule(QUERY_RULE) === true
    },
  }
}

/**
 * One module from several (role-template aggregation, authz.md §8.4 step 5): the package of the
 * first, then each distinct rule once, in order. Unparsable modules are skipped and reported.
 */
export function mergePolicies(texts: readonly string[]): {
  text: string | undefined
  skipped: { text: string; error: string }[]
} {
  let packagePath: string[] | undefined
  const seen = new Set<string>()
  const rules: string[] = []
  const skipped: { text: string; error: string }[] = []
  for (const text of texts) {
    let module: Module
    try {
      module = parseModule(text)
    } catch (e) {
      if (!(e instanceof RegoError)) throw e
      skipped.push({ text, error: e.message })
      continue
    }
    packagePath ??= module.packagePath
    for (const r of module.rules) {
      const key = normalize(r.text)
      if (seen.has(key)) continue
      seen.add(key)
      rules.push(r.text)
    }
  }
  if (!packagePath) return { text: undefined, skipped }
  return { text: `package ${packagePath.join('.')}\n\n${rules.join('\n\n')}\n`, skipped }
}

/** True when every rule of `other` appears in `policy` (same text up to whitespace). */
export function policyCovers(policy: string, other: string): boolean {
  const mine = new Set(parseModule(policy).rules.map((r) => normalize(r.text)))
  return parseModule(other).rules.every((r) => mine.has(normalize(r.text)))
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
