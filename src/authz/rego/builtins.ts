/** The built-in functions policies may call: string tests and edits, and count. */
import { RegoError } from './rego-error.js'

export const BUILTINS: ReadonlySet<string> = new Set([
  'startswith',
  'endswith',
  'contains',
  'trim_prefix',
  'trim_suffix',
  'lower',
  'upper',
  'count',
])

export function callBuiltin(fn: string, args: unknown[]): unknown {
  const str = (i: number): string => {
    const v = args[i]
    if (typeof v !== 'string') throw new RegoError(`${fn}: operand ${i + 1} must be string`)
    return v
  }
  const arity = (n: number) => {
    if (args.length !== n) throw new RegoError(`${fn}: expects ${n} arguments`)
  }
  switch (fn) {
    case 'startswith':
      arity(2)
      return str(0).startsWith(str(1))
    case 'endswith':
      arity(2)
      return str(0).endsWith(str(1))
    case 'contains':
      arity(2)
      return str(0).includes(str(1))
    case 'trim_prefix':
      arity(2)
      return str(0).startsWith(str(1)) ? str(0).slice(str(1).length) : str(0)
    case 'trim_suffix':
      arity(2)
      return str(0).endsWith(str(1)) ? str(0).slice(0, str(0).length - str(1).length) : str(0)
    case 'lower':
      arity(1)
      return str(0).toLowerCase()
    case 'upper':
      arity(1)
      return str(0).toUpperCase()
    case 'count': {
      arity(1)
      const v = args[0]
      if (typeof v === 'string') return [...v].length
      if (Array.isArray(v)) return v.length
      if (typeof v === 'object' && v !== null) return Object.keys(v).length
      throw new RegoError('count: operand must be a collection or string')
    }
    default:
      throw new RegoError(`unsupported function ${fn}`)
  }
}
