/**
 * Recursive-descent parser for the Rego subset in ast.ts. Anything outside the subset
 * (functions, partial rules, `with`, `else`, `every`, arithmetic, sets, comprehensions) is a
 * RegoError, which callers treat as "the policy does not allow" — as upstream treats a module
 * OPA cannot parse.
 */
import type { CompareOp, Expr, Module, Rule, Term } from './ast.js'
import { BUILTINS } from './builtins.js'
import { lex, type Token, type TokenType } from './lexer.js'
import { RegoError } from './rego-error.js'

export { RegoError } from './rego-error.js'

const COMPARE_OPS = new Set(['==', '!=', '<', '>', '<=', '>='])
const UNSUPPORTED_KEYWORDS = new Set(['with', 'else', 'every', 'as'])

class Parser {
  private pos = 0
  /** Newlines separate expressions only outside brackets. */
  private depth = 0

  constructor(
    private readonly src: string,
    private readonly tokens: Token[],
  ) {}

  private peek(offset = 0): Token {
    let i = this.pos
    let seen = 0
    for (;;) {
      const tok = this.tokens[i]
      if (tok.type === 'newline' && this.depth > 0) {
        i++
        continue
      }
      if (seen === offset || tok.type === 'eof') return tok
      seen++
      i++
    }
  }

  private next(): Token {
    for (;;) {
      const tok = this.tokens[this.pos]
      if (tok.type !== 'eof') this.pos++
      if (tok.type === 'newline' && this.depth > 0) continue
      return tok
    }
  }

  private is(text: string, type: TokenType = 'punct'): boolean {
    const tok = this.peek()
    return tok.type === type && tok.text === text
  }

  private expect(text: string, type: TokenType = 'punct'): Token {
    const tok = this.next()
    if (tok.type !== type || tok.text !== text)
      throw new RegoError(
        `expected ${JSON.stringify(text)}, found ${JSON.stringify(tok.text)} at offset ${tok.start}`,
      )
    return tok
  }

  private skipNewlines(): void {
    while (
      this.tokens[this.pos].type === 'newline' ||
      (this.tokens[this.pos].type === 'punct' && this.tokens[this.pos].text === ';')
    )
      this.pos++
  }

  parseModule(): Module {
    this.skipNewlines()
    this.expect('package', 'ident')
    const packagePath = [this.ident()]
    while (this.is('.')) {
      this.next()
      packagePath.push(this.ident())
    }
    const rules: Rule[] = []
    for (;;) {
      this.skipNewlines()
      const tok = this.peek()
      if (tok.type === 'eof') break
      if (tok.type === 'ident' && tok.text === 'import') {
        this.parseImport()
        continue
      }
      rules.push(this.parseRule())
    }
    return { packagePath, rules }
  }

  private ident(): string {
    const tok = this.next()
    if (tok.type !== 'ident')
      throw new RegoError(`expected a name, found ${JSON.stringify(tok.text)} at offset ${tok.start}`)
    return tok.text
  }

  /** `import future.keywords[.x]` and `import rego.v1` change nothing for this subset. */
  private parseImport(): void {
    this.next()
    const path = [this.ident()]
    while (this.is('.')) {
      this.next()
      path.push(this.ident())
    }
    if (path[0] !== 'future' && path.join('.') !== 'rego.v1')
      throw new RegoError(`unsupported import ${path.join('.')}`)
  }

  private parseRule(): Rule {
    const start = this.peek().start
    let isDefault = false
    if (this.is('default', 'ident')) {
      this.next()
      isDefault = true
    }
    const name = this.ident()
    if (this.is('(') || this.is('[') || this.is('contains', 'ident'))
      throw new RegoError(`rule ${name}: only complete rules are supported`)
    let value: Term = { t: 'scalar', value: true }
    if (this.is('=') || this.is(':=')) {
      this.next()
      value = this.parseTerm()
    } else if (isDefault) {
      throw new RegoError(`default rule ${name} needs a value`)
    }
    let body: Expr[] = []
    if (!isDefault) {
      if (this.is('if', 'ident')) {
        this.next()
        body = this.is('{') ? this.parseBody() : [this.parseExpr()]
      } else if (this.is('{')) {
        body = this.parseBody()
      }
    }
    if (this.is('{')) throw new RegoError(`rule ${name}: several bodies are not supported`)
    const end = this.tokens[this.pos - 1].end
    const tok = this.tokens[this.pos]
    if (tok.type !== 'newline' && tok.type !== 'eof' && !(tok.type === 'ident' && this.startsRule())) {
      throw new RegoError(`unexpected ${JSON.stringify(tok.text)} after rule ${name} at offset ${tok.start}`)
    }
    return { name, isDefault, value, body, text: this.src.slice(start, end).trim() }
  }

  /** Whether the ident at the cursor starts another rule on the same line (folded modules). */
  private startsRule(): boolean {
    const tok = this.tokens[this.pos]
    if (tok.text === 'default') return true
    const after = this.tokens[this.pos + 1]
    return after.type === 'punct' && ['=', ':=', '{'].includes(after.text)
  }

  private parseBody(): Expr[] {
    this.expect('{')
    const saved = this.depth
    this.depth = 0
    const exprs: Expr[] = []
    for (;;) {
      this.skipNewlines()
      if (this.is('}')) break
      if (this.peek().type === 'eof') throw new RegoError('unterminated rule body')
      exprs.push(this.parseExpr())
      const tok = this.peek()
      if (!(tok.type === 'newline' || (tok.type === 'punct' && (tok.text === ';' || tok.text === '}')))) {
        throw new RegoError(`unexpected ${JSON.stringify(tok.text)} at offset ${tok.start}`)
      }
    }
    this.expect('}')
    this.depth = saved
    return exprs
  }

  private parseExpr(): Expr {
    if (this.is('some', 'ident')) return this.parseSome()
    let negated = false
    if (this.is('not', 'ident')) {
      this.next()
      negated = true
    }
    const tok = this.peek()
    if (tok.type === 'ident' && UNSUPPORTED_KEYWORDS.has(tok.text))
      throw new RegoError(`unsupported keyword ${tok.text}`)
    const left = this.parseTerm()
    const op = this.peek()
    if (op.type === 'punct' && COMPARE_OPS.has(op.text)) {
      this.next()
      return { t: 'compare', op: op.text as CompareOp, left, right: this.parseTerm(), negated }
    }
    if (op.type === 'punct' && (op.text === ':=' || op.text === '=')) {
      this.next()
      if (op.text === ':=' && left.t !== 'var') throw new RegoError('only variables can be declared with :=')
      return { t: 'assign', op: op.text, left, right: this.parseTerm(), negated }
    }
    if (op.type === 'ident' && op.text === 'in') {
      this.next()
      return { t: 'in', value: left, collection: this.parseTerm(), negated }
    }
    if (op.type === 'ident' && UNSUPPORTED_KEYWORDS.has(op.text))
      throw new RegoError(`unsupported keyword ${op.text}`)
    return { t: 'term', term: left, negated }
  }

  private parseSome(): Expr {
    this.next()
    const vars = [this.ident()]
    while (this.is(',')) {
      this.next()
      vars.push(this.ident())
    }
    if (this.is('in', 'ident')) {
      this.next()
      if (vars.length > 2) throw new RegoError('some: at most key and value')
      return { t: 'some', vars, collection: this.parseTerm() }
    }
    return { t: 'some', vars }
  }

  private parseTerm(): Term {
    let term = this.parseOperand()
    for (;;) {
      if (this.is('.')) {
        this.next()
        const key = this.ident()
        term = appendRef(term, { t: 'scalar', value: key })
      } else if (this.is('[') && this.adjacent()) {
        this.next()
        this.depth++
        const index = this.parseTerm()
        this.expect(']')
        this.depth--
        term = appendRef(term, index)
      } else {
        return term
      }
    }
  }

  /** `a[x]` indexes only when `[` follows the term without whitespace. */
  private adjacent(): boolean {
    const prev = this.tokens[this.pos - 1]
    const tok = this.tokens[this.pos]
    return prev !== undefined && prev.end === tok.start
  }

  private parseOperand(): Term {
    const tok = this.next()
    switch (tok.type) {
      case 'string':
        return { t: 'scalar', value: tok.value! }
      case 'number': {
        const n = Number(tok.text)
        if (!Number.isFinite(n)) throw new RegoError(`bad number ${tok.text}`)
        return { t: 'scalar', value: n }
      }
      case 'ident':
        if (tok.text === 'true') return { t: 'scalar', value: true }
        if (tok.text === 'false') return { t: 'scalar', value: false }
        if (tok.text === 'null') return { t: 'scalar', value: null }
        if (this.is('(') && this.adjacent()) return this.parseCall(tok.text)
        return { t: 'var', name: tok.text }
      case 'punct':
        if (tok.text === '[') return this.parseArray()
        if (tok.text === '{') return this.parseObject()
        if (tok.text === '(') {
          this.depth++
          const inner = this.parseTerm()
          this.expect(')')
          this.depth--
          return inner
        }
        if (tok.text === '-' && this.peek().type === 'number') {
          return { t: 'scalar', value: -Number(this.next().text) }
        }
        break
      default:
        break
    }
    throw new RegoError(`unexpected ${JSON.stringify(tok.text)} at offset ${tok.start}`)
  }

  private parseCall(fn: string): Term {
    if (!BUILTINS.has(fn)) throw new RegoError(`unsupported function ${fn}`)
    this.next()
    this.depth++
    const args: Term[] = []
    while (!this.is(')')) {
      args.push(this.parseTerm())
      if (!this.is(')')) this.expect(',')
    }
    this.expect(')')
    this.depth--
    return { t: 'call', fn, args }
  }

  private parseArray(): Term {
    this.depth++
    const items: Term[] = []
    while (!this.is(']')) {
      items.push(this.parseTerm())
      if (this.is('|')) throw new RegoError('comprehensions are not supported')
      if (!this.is(']')) this.expect(',')
    }
    this.expect(']')
    this.depth--
    return { t: 'array', items }
  }

  private parseObject(): Term {
    this.depth++
    const entries: [Term, Term][] = []
    while (!this.is('}')) {
      const key = this.parseTerm()
      if (!this.is(':')) throw new RegoError('sets are not supported')
      this.next()
      entries.push([key, this.parseTerm()])
      if (!this.is('}')) this.expect(',')
    }
    this.expect('}')
    this.depth--
    return { t: 'object', entries }
  }
}

function appendRef(term: Term, index: Term): Term {
  if (term.t === 'ref') return { t: 'ref', head: term.head, path: [...term.path, index] }
  if (term.t !== 'var' && term.t !== 'call' && term.t !== 'array' && term.t !== 'object') {
    throw new RegoError('only variables, calls and collections can be indexed')
  }
  return { t: 'ref', head: term, path: [index] }
}

export function parseModule(src: string): Module {
  return new Parser(src, lex(src)).parseModule()
}
