/**
 * The subset of Kubernetes JSONPath that printer columns use: `.a.b`, `.a[0].b`, `.a[*].b`,
 * `.metadata.labels.app\.kubernetes\.io/name` style escaped dots and `['key']`. Missing keys
 * give undefined; a wildcard collects matches (one match is returned bare).
 */

type Token = string | number | { wildcard: true }
const WILDCARD: Token = { wildcard: true }

function tokenize(path: string): Token[] {
  let p = path.trim()
  if (p.startsWith('{') && p.endsWith('}')) p = p.slice(1, -1)
  if (p.startsWith('$')) p = p.slice(1)
  const out: Token[] = []
  let i = 0
  while (i < p.length) {
    const c = p[i]
    if (c === '.') {
      i++
      let name = ''
      while (i < p.length && p[i] !== '.' && p[i] !== '[') {
        if (p[i] === '\\' && i + 1 < p.length) {
          name += p[i + 1]
          i += 2
        } else name += p[i++]
      }
      if (name) out.push(name)
    } else if (c === '[') {
      const end = p.indexOf(']', i)
      if (end < 0) break
      const inner = p.slice(i + 1, end).trim()
      i = end + 1
      if (inner === '*') out.push(WILDCARD)
      else if (/^-?\d+$/.test(inner)) out.push(Number(inner))
      else out.push(inner.replace(/^['"]|['"]$/g, ''))
    } else {
      i++
    }
  }
  return out
}

export function jsonPathValue(obj: unknown, path: string): unknown {
  let current: unknown[] = [obj]
  let wildcard = false
  for (const tok of tokenize(path)) {
    const next: unknown[] = []
    for (const v of current) {
      if (v === null || typeof v !== 'object') continue
      if (typeof tok === 'object') {
        wildcard = true
        next.push(...(Array.isArray(v) ? v : Object.values(v)))
      } else if (typeof tok === 'number') {
        if (Array.isArray(v)) {
          const item = v[tok < 0 ? v.length + tok : tok]
          if (item !== undefined) next.push(item)
        }
      } else if (!Array.isArray(v) && tok in (v)) {
        next.push((v as Record<string, unknown>)[tok])
      }
    }
    current = next
  }
  if (current.length === 0) return undefined
  return wildcard && current.length > 1 ? current : current[0]
}
