/**
 * Label selector string parser. Grammar (comma = AND):
 *
 *   selector    ::= requirement ("," requirement)*
 *   requirement ::= ["!"] KEY [ ("in" | "notin") "(" VALUE ("," VALUE)* ")" | ("=" | "==" | "!=" | ">" | "<") VALUE ]
 *
 * Whitespace (space, tab, CR, LF) separates tokens anywhere. `in`/`notin` are keywords only in
 * operator position, so `in in (in)` is valid. An empty value is allowed (`a=`, `a in (,b)`,
 * `a in ()`). The behaviour and the error texts follow k8s.io/apimachinery pkg/labels so that a
 * client sees the same 400 message as from kube-apiserver.
 */
import type { FieldError } from '../errors.js'
import {
  aggregateMessage,
  compareStrings,
  keyError,
  NIL_PATH,
  requirementErrors,
  type LabelOperator,
  type LabelRequirement,
} from './requirement.js'

/** Thrown with the parser's message; selector.ts turns it into a 400. */
export class SelectorParseError extends Error {}

type Tok = 'eos' | 'id' | '(' | ')' | ',' | '!' | '=' | '==' | '!=' | '>' | '<' | 'in' | 'notin'
interface Item {
  tok: Tok
  lit: string
}

const KEYWORDS = new Map<string, Tok>(
  ([')', ',', '!', '==', '=', '>', 'in', '<', '!=', 'notin', '('] as const).map((t) => [t, t]),
)
const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<'])
const WHITESPACE = new Set([' ', '\t', '\r', '\n'])
const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt'

function tokenize(s: string): Item[] {
  const items: Item[] = []
  let pos = 0
  for (;;) {
    while (pos < s.length && WHITESPACE.has(s[pos])) pos++
    if (pos >= s.length) {
      items.push({ tok: 'eos', lit: '' })
      return items
    }
    const start = pos
    if (SPECIAL.has(s[pos])) {
      // Longest run of symbols that still spells an operator (`!=`, `==`); every single symbol is one.
      let best = start + 1
      while (best < s.length && SPECIAL.has(s[best]) && KEYWORDS.has(s.slice(start, best + 1))) best++
      pos = best
    } else {
      while (pos < s.length && !SPECIAL.has(s[pos]) && !WHITESPACE.has(s[pos])) pos++
    }
    const lit = s.slice(start, pos)
    items.push({ tok: KEYWORDS.get(lit) ?? 'id', lit })
  }
}

const BINARY: Partial<Record<Tok, LabelOperator>> = {
  in: 'in',
  notin: 'notin',
  '=': '=',
  '==': '==',
  '!=': '!=',
  '>': 'gt',
  '<': 'lt',
}

class Parser {
  private pos = 0
  constructor(private readonly items: Item[]) {}

  /** In value context the keywords `in`/`notin` are plain identifiers. */
  private peek(keywords = false): Item {
    const it = this.items[this.pos]
    return !keywords && (it.tok === 'in' || it.tok === 'notin') ? { tok: 'id', lit: it.lit } : it
  }

  private next(keywords = false): Item {
    const it = this.peek(keywords)
    this.pos++
    return it
  }

  parse(): LabelRequirement[] {
    const reqs: LabelRequirement[] = []
    for (;;) {
      const { tok, lit } = this.peek()
      if (tok === 'eos') return reqs
      if (tok !== 'id' && tok !== '!')
        throw new SelectorParseError(`found '${lit}', expected: !, identifier, or 'end of string'`)
      try {
        reqs.push(this.requirement())
      } catch (e) {
        if (e instanceof SelectorParseError)
          throw new SelectorParseError(`unable to parse requirement: ${e.message}`)
        throw e
      }
      const after = this.next()
      if (after.tok === 'eos') return reqs
      if (after.tok !== ',')
        throw new SelectorParseError(`found '${after.lit}', expected: ',' or 'end of string'`)
      const following = this.peek()
      if (following.tok !== 'id' && following.tok !== '!') {
        throw new SelectorParseError(`found '${following.lit}', expected: identifier after ','`)
      }
    }
  }

  private requirement(): LabelRequirement {
    let item = this.next()
    let negated = false
    if (item.tok === '!') {
      negated = true
      item = this.next()
    }
    if (item.tok !== 'id') throw new SelectorParseError(`found '${item.lit}', expected: identifier`)
    const key = item.lit
    const ke = keyError(key, NIL_PATH)
    if (ke) throw new SelectorParseError(aggregateMessage([ke]))
    const la = this.peek().tok
    // `!key` is complete whatever follows; a following operator is then reported by parse().
    if (negated) return build(key, '!', [])
    if (la === 'eos' || la === ',') return build(key, 'exists', [])

    const opItem = this.next(true)
    const operator = BINARY[opItem.tok]
    if (!operator) throw new SelectorParseError(`found '${opItem.lit}', expected: ${BINARY_OPERATORS}`)
    const values = operator === 'in' || operator === 'notin' ? this.setValues() : this.exactValue()
    return build(key, operator, values)
  }

  /** `( v, … )`, returned deduplicated and sorted like upstream's string set. */
  private setValues(): string[] {
    const open = this.next()
    if (open.tok !== '(') throw new SelectorParseError(`found '${open.lit}' expected: '('`)
    const first = this.peek()
    if (first.tok === ')') {
      this.next()
      return ['']
    }
    if (first.tok !== 'id' && first.tok !== ',') {
      throw new SelectorParseError(`found '${first.lit}', expected: ',', ')' or identifier`)
    }
    const set = new Set<string>()
    for (;;) {
      const item = this.next()
      if (item.tok === 'id') {
        set.add(item.lit)
        const la = this.peek()
        if (la.tok === ')') break
        if (la.tok !== ',') throw new SelectorParseError(`found '${la.lit}', expected: ',' or ')'`)
      } else if (item.tok === ',') {
        // Commas with nothing between them (or next to a parenthesis) stand for the empty value.
        if (set.size === 0) set.add('')
        const la = this.peek()
        if (la.tok === ')') {
          set.add('')
          break
        }
        if (la.tok === ',') {
          this.next()
          set.add('')
        }
      } else {
        throw new SelectorParseError(`found '${item.lit}', expected: ',', or identifier`)
      }
    }
    this.next() // the ')'
    return [...set].sort(compareStrings)
  }

  private exactValue(): string[] {
    const la = this.peek()
    if (la.tok === 'eos' || la.tok === ',') return ['']
    const item = this.next()
    if (item.tok === 'id') return [item.lit]
    throw new SelectorParseError(`found '${item.lit}', expected: identifier`)
  }
}

function build(key: string, operator: LabelOperator, values: string[]): LabelRequirement {
  const errs: FieldError[] = requirementErrors(key, operator, values)
  if (errs.length) throw new SelectorParseError(aggregateMessage(errs))
  return { key, operator, values }
}

/** Requirements in source order; throws SelectorParseError with upstream's message. */
export function parseRequirements(s: string): LabelRequirement[] {
  return new Parser(tokenize(s)).parse()
}
