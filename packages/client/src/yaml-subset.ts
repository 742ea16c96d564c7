/**
 * Just enough YAML for kubeconfig files, so the SDK needs no dependency: JSON documents, and
 * block mappings and sequences of plain, single- or double-quoted scalars with comments, as
 * kubectl writes them. Flow collections other than `{}` and `[]`, anchors, tags, multi-line
 * scalars and multiple documents are rejected with an error naming the line.
 */

interface Line {
  indent: number
  text: string
  no: number
}

export class YamlSubsetError extends Error {
  constructor(message: string, line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`)
    this.name = 'YamlSubsetError'
  }
}

/** Text without a trailing comment (a `#` after whitespace, outside quotes). */
function stripComment(s: string): string {
  let quote = ''
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (quote) {
      if (c === '\\' && quote === '"') i++
      else if (c === quote) quote = ''
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s:[{,-]/.test(s[i - 1])) quote = c
    } else if (c === '#' && (i === 0 || /\s/.test(s[i - 1]))) return s.slice(0, i)
  }
  return s
}

function lines(text: string): Line[] {
  const out: Line[] = []
  text.split(/\r?\n/).forEach((raw, i) => {
    const no = i + 1
    if (/^\t/.test(raw)) throw new YamlSubsetError('tabs are not allowed for indentation', no)
    const body = stripComment(raw).trimEnd()
    if (body.trim() === '') return
    if (body === '---' && out.length === 0) return
    if (body === '---' || body === '...') throw new YamlSubsetError('only one document is supported', no)
    out.push({ indent: body.length - body.trimStart().length, text: body.trimStart(), no })
  })
  return out
}

function scalar(s: string, no: number): unknown {
  const t = s.trim()
  if (t === '' || t === '~' || t === 'null' || t === 'Null' || t === 'NULL') return null
  if (t === '{}') return {}
  if (t === '[]') return []
  if (t.startsWith('"')) {
    try {
      return JSON.parse(t)
    } catch {
      throw new YamlSubsetError(`bad double-quoted scalar ${t}`, no)
    }
  }
  if (t.startsWith("'")) {
    if (!t.endsWith("'") || t.length < 2) throw new YamlSubsetError(`bad single-quoted scalar ${t}`, no)
    return t.slice(1, -1).replace(/''/g, "'")
  }
  if (/^[[{&*!|>%@`]/.test(t)) throw new YamlSubsetError(`unsupported YAML: ${t}`, no)
  if (/^(true|True|TRUE)$/.test(t)) return true
  if (/^(false|False|FALSE)$/.test(t)) return false
  if (/^[-+]?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/.test(t)) return Number(t)
  return t
}

/** Splits `key: value` (key possibly quoted); undefined when the text is not a mapping entry. */
function mappingEntry(text: string, no: number): { key: string; rest: string } | undefined {
  let key: string
  let after: string
  if (text.startsWith('"') || text.startsWith("'")) {
    const q = text[0]
    let end = 1
    while (end < text.length && text[end] !== q) end += text[end] === '\\' && q === '"' ? 2 : 1
    key = String(scalar(text.slice(0, end + 1), no))
    after = text.slice(end + 1)
    if (!after.startsWith(':')) return undefined
    return { key, rest: after.slice(1) }
  }
  const m = /^([^:]*?[^\s:]|[^:\s]):(\s|$)(.*)$/.exec(text)
  if (!m) return undefined
  return { key: m[1], rest: m[3] }
}

class Parser {
  private i = 0
  constructor(private readonly ls: Line[]) {}

  parse(): unknown {
    if (this.ls.length === 0) return null
    const v = this.block(this.ls[0].indent)
    if (this.i < this.ls.length) throw new YamlSubsetError('unexpected indentation', this.ls[this.i].no)
    return v
  }

  private block(indent: number): unknown {
    const l = this.ls[this.i]
    if (l.text === '-' || l.text.startsWith('- ')) return this.sequence(indent)
    if (mappingEntry(l.text, l.no)) return this.mapping(indent)
    this.i++
    return scalar(l.text, l.no)
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = []
    while (this.i < this.ls.length) {
      const l = this.ls[this.i]
      if (l.indent !== indent || !(l.text === '-' || l.text.startsWith('- '))) break
      const content = l.text === '-' ? '' : l.text.slice(2).trimStart()
      if (content === '') {
        this.i++
        out.push(this.nested(indent))
      } else {
        // `- key: value` starts a mapping whose entries sit at the column of `key`.
        const column = indent + (l.text.length - content.length)
        this.ls[this.i] = { indent: column, text: content, no: l.no }
        out.push(this.block(column))
      }
    }
    return out
  }

  private mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    while (this.i < this.ls.length) {
      const l = this.ls[this.i]
      if (l.indent !== indent) break
      const e = mappingEntry(l.text, l.no)
      if (!e) throw new YamlSubsetError(`expected "key: value", found ${JSON.stringify(l.text)}`, l.no)
      this.i++
      if (e.rest.trim() !== '') out[e.key] = scalar(e.rest, l.no)
      else {
        const next = this.ls[this.i]
        // A sequence may sit at the key's own indentation.
        if (next && next.indent === indent && (next.text === '-' || next.text.startsWith('- ')))
          out[e.key] = this.sequence(indent)
        else out[e.key] = this.nested(indent)
      }
    }
    return out
  }

  /** The value on the following, deeper-indented lines, or null when there are none. */
  private nested(indent: number): unknown {
    const next = this.ls[this.i]
    if (!next || next.indent <= indent) return null
    return this.block(next.indent)
  }
}

export function parseYamlSubset(text: string): unknown {
  const t = text.trim()
  if (t.startsWith('{') || t.startsWith('[')) return JSON.parse(t)
  return new Parser(lines(text)).parse()
}
