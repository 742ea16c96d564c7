/**
 * Evaluation of a parsed module by backtracking over generators: every term yields each value it
 * can take (a reference through `_` or an unbound variable yields one per element), every
 * expression yields each variable binding under which it holds, a rule body holds when the
 * conjunction yields at least once. Undefined values (missing fields, failed lookups) yield
 * nothing, so the expression fails, as in OPA.
 */
import type { Expr, Module, Rule, Term } from './ast.js'
import { callBuiltin } from './builtins.js'
import { RegoError } from './rego-error.js'

type Value = unknown
type Env = ReadonlyMap<string, Value>

/** Work limit per query: a policy that needs more is treated as not allowing. */
const MAX_STEPS = 100_000

/** Marks a term that may take several values or bind variables (the generator path). */
const COMPLEX = Symbol('complex')
/** A Value, or COMPLEX (Value is `unknown`, which already admits the symbol). */
type Simple = Value

function deepEqual(a: Value, b: Value): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]))
  }
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  return (
    ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as any)[k], (b as any)[k]))
  )
}

/** Rego's total order is more than this subset needs: numbers and strings compare, else no. */
function compare(op: string, a: Value, b: Value): boolean {
  switch (op) {
    case '==':
      return deepEqual(a, b)
    case '!=':
      return !deepEqual(a, b)
  }
  if (!((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string')))
    return false
  switch (op) {
    case '<':
      return a < b
    case '>':
      return a > b
    case '<=':
      return a <= b
    default:
      return a >= b
  }
}

function bind(env: Env, name: string, value: Value): Env {
  const next = new Map(env)
  next.set(name, value)
  return next
}

/** Keys and values of a collection (arrays by index, objects by key); scalars have none. */
function* entries(coll: Value): Generator<[Value, Value]> {
  if (Array.isArray(coll)) for (let i = 0; i < coll.length; i++) yield [i, coll[i]]
  else if (typeof coll === 'object' && coll !== null) for (const [k, v] of Object.entries(coll)) yield [k, v]
}

function index(coll: Value, key: Value): Value {
  if (Array.isArray(coll)) return typeof key === 'number' && Number.isInteger(key) ? coll[key] : undefined
  if (typeof coll === 'object' && coll !== null && typeof key === 'string' && Object.hasOwn(coll, key))
    return (coll as any)[key]
  return undefined
}

export class Evaluator {
  private steps = 0
  private readonly ruleValues = new Map<string, { value: Value } | 'pending'>()

  constructor(
    private readonly module: Module,
    private readonly rulesByName: ReadonlyMap<string, Rule[]>,
    private readonly input: Value,
  ) {}

  /** The value of rule `name`: undefined when no body holds and there is no default. */
  rule(name: string): Value {
    const cached = this.ruleValues.get(name)
    if (cached === 'pending') throw new RegoError(`rule ${name} is recursive`)
    if (cached) return cached.value
    this.ruleValues.set(name, 'pending')
    const rules = this.rulesByName.get(name) ?? []
    const values: Value[] = []
    let fallback: Value
    for (const r of rules) {
      if (r.isDefault) {
        fallback = this.first(this.term(r.value, new Map()))
        continue
      }
      for (const env of this.body(r.body, 0, new Map())) {
        const v = this.first(this.term(r.value, env))
        if (v !== undefined) values.push(v)
        break
      }
    }
    let value: Value = fallback
    if (values.length > 0) {
      value = values[0]
      if (values.some((v) => !deepEqual(v, value)))
        throw new RegoError(`complete rule ${name} has conflicting values`)
    }
    this.ruleValues.set(name, { value })
    return value
  }

  private first(gen: Generator<[Value, Env]>): Value {
    for (const [v] of gen) return v
    return undefined
  }

  private tick(): void {
    if (++this.steps > MAX_STEPS) throw new RegoError('evaluation exceeded its step limit')
  }

  private *body(exprs: Expr[], i: number, env: Env): Generator<Env> {
    if (i === exprs.length) {
      yield env
      return
    }
    for (const next of this.expr(exprs[i], env)) yield* this.body(exprs, i + 1, next)
  }

  private *expr(e: Expr, env: Env): Generator<Env> {
    this.tick()
    if (e.t !== 'some' && e.negated) {
      for (const _ of this.positive(e, env)) return
      yield env
      return
    }
    yield* this.positive(e, env)
  }

  private *positive(e: Expr, env: Env): Generator<Env> {
    switch (e.t) {
      case 'term':
        for (const [v, next] of this.term(e.term, env)) if (v !== false) yield next
        return
      case 'compare': {
        // Most policy lines compare two single values: no generators needed.
        const l = this.simple(e.left, env)
        if (l !== COMPLEX) {
          const r = this.simple(e.right, env)
          if (r !== COMPLEX) {
            if (l !== undefined && r !== undefined && compare(e.op, l, r)) yield env
            return
          }
          // `value == list[_]`: a membership test, no binding.
          const items = this.elements(e.right, env)
          if (items !== COMPLEX) {
            if (l !== undefined && items.some((x) => compare(e.op, l, x))) yield env
            return
          }
        } else {
          const r = this.simple(e.right, env)
          const items = r === COMPLEX ? COMPLEX : this.elements(e.left, env)
          if (items !== COMPLEX) {
            if (r !== undefined && items.some((x) => compare(e.op, x, r))) yield env
            return
          }
        }
        for (const [l, e1] of this.term(e.left, env)) {
          for (const [r, e2] of this.term(e.right, e1)) if (compare(e.op, l, r)) yield e2
        }
        return
      }
      case 'assign': {
        const target =
          e.left.t === 'var' && (e.op === ':=' || !this.isBound(e.left.name, env)) ? e.left.name : undefined
        if (target !== undefined) {
          const v = this.simple(e.right, env)
          if (v !== COMPLEX) {
            if (v !== undefined) yield target === '_' ? env : bind(env, target, v)
            return
          }
          for (const [r, next] of this.term(e.right, env)) yield target === '_' ? next : bind(next, target, r)
          return
        }
        const right = e.right.t === 'var' && !this.isBound(e.right.name, env) ? e.right.name : undefined
        if (right !== undefined) {
          for (const [l, next] of this.term(e.left, env)) yield right === '_' ? next : bind(next, right, l)
          return
        }
        for (const [l, e1] of this.term(e.left, env)) {
          for (const [r, e2] of this.term(e.right, e1)) if (deepEqual(l, r)) yield e2
        }
        return
      }
      case 'in':
        for (const [coll, e1] of this.term(e.collection, env)) {
          for (const [v, e2] of this.term(e.value, e1)) {
            for (const [, item] of entries(coll)) {
              if (deepEqual(item, v)) {
                yield e2
                break
              }
            }
          }
        }
        return
      case 'some': {
        if (!e.collection) {
          // A declaration: the names become local (unbound) from here on.
          let next: Env = env
          for (const v of e.vars) if (next.has(v)) next = withoutVar(next, v)
          yield next
          return
        }
        const [keyVar, valueVar] = e.vars.length === 2 ? e.vars : [undefined, e.vars[0]]
        for (const [coll, e1] of this.term(e.collection, env)) {
          for (const [k, v] of entries(coll)) {
            let next = e1
            if (keyVar !== undefined && keyVar !== '_') next = bind(next, keyVar, k)
            if (valueVar !== '_') next = bind(next, valueVar, v)
            yield next
          }
        }
        return
      }
    }
  }

  private isBound(name: string, env: Env): boolean {
    return env.has(name) || name === 'input' || name === 'data' || this.rulesByName.has(name)
  }

  /**
   * The one value of a term that cannot iterate (scalars, bound variables, rules, references
   * through known keys, calls and arrays of such); undefined when it has no value; COMPLEX
   * when only the generator path can evaluate it.
   */
  private simple(t: Term, env: Env): Simple {
    this.tick()
    switch (t.t) {
      case 'scalar':
        return t.value
      case 'var':
        if (env.has(t.name)) return env.get(t.name)
        if (t.name === 'input') return this.input
        if (this.rulesByName.has(t.name)) return this.rule(t.name)
        return COMPLEX
      case 'ref': {
        if (t.head.t === 'var' && t.head.name === 'data' && !env.has('data')) return COMPLEX
        let v = this.simple(t.head, env)
        if (v === COMPLEX) return COMPLEX
        for (const key of t.path) {
          if (key.t === 'var' && !env.has(key.name) && !this.isBound(key.name, env)) return COMPLEX
          const k = this.simple(key, env)
          if (k === COMPLEX) return COMPLEX
          if (v === undefined || k === undefined) return undefined
          v = index(v, k)
        }
        return v
      }
      case 'array': {
        const out: Value[] = []
        for (const item of t.items) {
          const v = this.simple(item, env)
          if (v === COMPLEX || v === undefined) return v
          out.push(v)
        }
        return out
      }
      case 'call': {
        const args: Value[] = []
        for (const a of t.args) {
          const v = this.simple(a, env)
          if (v === COMPLEX || v === undefined) return v
          args.push(v)
        }
        return callBuiltin(t.fn, args)
      }
      default:
        return COMPLEX
    }
  }

  /** The elements `coll[_]` ranges over when `coll` is simple; COMPLEX otherwise. */
  private elements(t: Term, env: Env): Value[] | typeof COMPLEX {
    if (t.t !== 'ref') return COMPLEX
    const last = t.path[t.path.length - 1]
    if (last.t !== 'var' || last.name !== '_') return COMPLEX
    const coll = this.simple(
      t.path.length === 1 ? t.head : { t: 'ref', head: t.head, path: t.path.slice(0, -1) },
      env,
    )
    if (coll === COMPLEX) return COMPLEX
    if (Array.isArray(coll)) return coll
    if (typeof coll === 'object' && coll !== null) return Object.values(coll)
    return []
  }

  private *term(t: Term, env: Env): Generator<[Value, Env]> {
    this.tick()
    switch (t.t) {
      case 'scalar':
        yield [t.value, env]
        return
      case 'var': {
        if (env.has(t.name)) yield [env.get(t.name), env]
        else if (t.name === 'input') {
          if (this.input !== undefined) yield [this.input, env]
        } else if (this.rulesByName.has(t.name)) {
          const v = this.rule(t.name)
          if (v !== undefined) yield [v, env]
        } else if (t.name === '_') {
          throw new RegoError('_ can only index a collection')
        }
        // Otherwise an unbound variable: no value.
        return
      }
      case 'array':
        yield* this.array(t.items, 0, [], env)
        return
      case 'object':
        yield* this.object(t.entries, 0, {}, env)
        return
      case 'call':
        for (const [args, next] of this.array(t.args, 0, [], env))
          yield [callBuiltin(t.fn, args as Value[]), next]
        return
      case 'ref':
        if (t.head.t === 'var' && t.head.name === 'data' && !env.has('data')) {
          yield* this.dataRef(t.path, env)
          return
        }
        for (const [head, next] of this.term(t.head, env)) yield* this.walk(head, t.path, 0, next)
        return
    }
  }

  /** `data.<package>.<rule>[...]`: only this module's own rules are reachable. */
  private *dataRef(path: Term[], env: Env): Generator<[Value, Env]> {
    const pkg = this.module.packagePath
    const names = path.map((p) => (p.t === 'scalar' && typeof p.value === 'string' ? p.value : undefined))
    for (let i = 0; i < pkg.length; i++) if (names[i] !== pkg[i]) return
    const ruleName = names[pkg.length]
    if (ruleName === undefined || !this.rulesByName.has(ruleName)) return
    const v = this.rule(ruleName)
    if (v !== undefined) yield* this.walk(v, path, pkg.length + 1, env)
  }

  private *walk(value: Value, path: Term[], i: number, env: Env): Generator<[Value, Env]> {
    if (i === path.length) {
      yield [value, env]
      return
    }
    const key = path[i]
    if (key.t === 'var' && !env.has(key.name) && !this.isBound(key.name, env)) {
      for (const [k, v] of entries(value))
        yield* this.walk(v, path, i + 1, key.name === '_' ? env : bind(env, key.name, k))
      return
    }
    for (const [k, next] of this.term(key, env)) {
      const v = index(value, k)
      if (v !== undefined) yield* this.walk(v, path, i + 1, next)
    }
  }

  private *array(items: Term[], i: number, acc: Value[], env: Env): Generator<[Value, Env]> {
    if (i === items.length) {
      yield [acc, env]
      return
    }
    for (const [v, next] of this.term(items[i], env)) yield* this.array(items, i + 1, [...acc, v], next)
  }

  private *object(
    items: [Term, Term][],
    i: number,
    acc: Record<string, Value>,
    env: Env,
  ): Generator<[Value, Env]> {
    if (i === items.length) {
      yield [acc, env]
      return
    }
    const [kt, vt] = items[i]
    for (const [k, e1] of this.term(kt, env)) {
      if (typeof k !== 'string') throw new RegoError('object keys must be strings')
      for (const [v, e2] of this.term(vt, e1)) yield* this.object(items, i + 1, { ...acc, [k]: v }, e2)
    }
  }
}

/** Rules grouped by name, as the Evaluator wants them. */
export function groupRules(module: Module): Map<string, Rule[]> {
  const byName = new Map<string, Rule[]>()
  for (const r of module.rules) {
    const list = byName.get(r.name)
    if (list) list.push(r)
    else byName.set(r.name, [r])
  }
  return byName
}

function withoutVar(env: Env, name: string): Env {
  const next = new Map(env)
  next.delete(name)
  return next
}
