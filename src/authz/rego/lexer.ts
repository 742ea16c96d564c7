/**
 * The tokens of the Rego subset: names, strings (quoted and raw), numbers, punctuation and
 * newlines (which separate expressions in rule bodies); `#` comments are dropped.
 */
import { RegoError } from './rego-error.js'

export type TokenType = 'ident' | 'string' | 'number' | 'punct' | 'newline' | 'eof'

export interface Token {
  type: TokenType
  text: string
  /** Decoded value of string tokens. */
  value?: string
  start: number
  end: number
}

const PUNCTUATION = [
  ':=',
  '==',
  '!=',
  '<=',
  '>=',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '.',
  ',',
  ';',
  '=',
  '<',
  '>',
  '|',
  '&',
  '+',
  '-',
  '*',
  '/',
  '%',
  ':',
]

export function lex(src: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < src.length) {
    const c = src[i]
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++
      continue
    }
    if (c === '\n') {
      tokens.push({ type: 'newline', text: '\n', start: i, end: i + 1 })
      i++
      continue
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++
      continue
    }
    if (/[A-Za-z_]/.test(c)) {
      const start = i
      while (i < src.length && /[A-Za-z0-9_]/.test(src[i])) i++
      tokens.push({ type: 'ident', text: src.slice(start, i), start, end: i })
      continue
    }
    if (/[0-9]/.test(c)) {
      const start = i
      while (i < src.length && /[0-9.eE]/.test(src[i])) i++
      tokens.push({ type: 'number', text: src.slice(start, i), start, end: i })
      continue
    }
    if (c === '"') {
      const start = i
      i++
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\') i++
        if (src[i] === '\n') throw new RegoError(`unterminated string at offset ${start}`)
        i++
      }
      if (i >= src.length) throw new RegoError(`unterminated string at offset ${start}`)
      i++
      const text = src.slice(start, i)
      let value: string
      try {
        value = JSON.parse(text) as string
      } catch {
        throw new RegoError(`bad string literal ${text}`)
      }
      tokens.push({ type: 'string', text, value, start, end: i })
      continue
    }
    if (c === '`') {
      const start = i
      const close = src.indexOf('`', i + 1)
      if (close < 0) throw new RegoError(`unterminated raw string at offset ${start}`)
      i = close + 1
      tokens.push({
        type: 'string',
        text: src.slice(start, i),
        value: src.slice(start + 1, close),
        start,
        end: i,
      })
      continue
    }
    const p = PUNCTUATION.find((x) => src.startsWith(x, i))
    if (!p) throw new RegoError(`unexpected character ${JSON.stringify(c)} at offset ${i}`)
    tokens.push({ type: 'punct', text: p, start: i, end: i + p.length })
    i += p.length
  }
  tokens.push({ type: 'eof', text: '', start: src.length, end: src.length })
  return tokens
}
