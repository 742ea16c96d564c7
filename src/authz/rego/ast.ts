/**
 * The syntax tree of the Rego subset this server evaluates (authz.md §6.6): complete rules
 * (`default allow = false`, `allow = true { ... }`, `allow if { ... }`, `verbs := [...]`) whose
 * bodies compare, assign, test membership, negate and call string built-ins over `input`.
 */

export type Scalar = string | number | boolean | null

export type Term =
  | { t: 'scalar'; value: Scalar }
  | { t: 'var'; name: string }
  /** `head.a[b][_]`: each element of `path` indexes the value so far. */
  | { t: 'ref'; head: Term; path: Term[] }
  | { t: 'array'; items: Term[] }
  | { t: 'object'; entries: [Term, Term][] }
  | { t: 'call'; fn: string; args: Term[] }

export type CompareOp = '==' | '!=' | '<' | '>' | '<=' | '>='

export type Expr =
  | { t: 'term'; term: Term; negated: boolean }
  | { t: 'compare'; op: CompareOp; left: Term; right: Term; negated: boolean }
  /** `:=` declares and binds; `=` unifies (binds an unbound variable, compares otherwise). */
  | { t: 'assign'; op: ':=' | '='; left: Term; right: Term; negated: boolean }
  | { t: 'in'; value: Term; collection: Term; negated: boolean }
  /** `some x, y` (declaration only) or `some x in coll` / `some k, v in coll`. */
  | { t: 'some'; vars: string[]; collection?: Term }

export interface Rule {
  name: string
  isDefault: boolean
  /** The value the rule takes when its body holds (true when the head names none). */
  value: Term
  /** Conjunction; an empty body always holds. */
  body: Expr[]
  /** The rule's source text, for merging modules. */
  text: string
}

export interface Module {
  packagePath: string[]
  rules: Rule[]
}
