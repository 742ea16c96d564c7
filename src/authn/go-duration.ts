/**
 * Go duration strings (`2h`, `10m0s`, `1.5s`, `300ms`), as KubeSphere's configuration and its
 * lock-out reasons write them. Values are milliseconds.
 */

const UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
}

/** Parses a Go duration; throws on anything time.ParseDuration would refuse. */
export function parseGoDuration(text: string): number {
  const s = text.trim()
  if (s === '0') return 0
  const m = /^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(s)
  if (!m) throw new Error(`time: invalid duration ${JSON.stringify(text)}`)
  let total = 0
  for (const part of s.replace(/^[+-]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(part[1]) * UNITS[part[2]]
  }
  return m[1] === '-' ? -total : total
}

/** Formats milliseconds as Go's Duration.String(): `10m0s`, `2h0m0s`, `1.5s`, `300ms`, `0s`. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s'
  const sign = ms < 0 ? '-' : ''
  let rest = Math.abs(ms)
  if (rest < 1000) return `${sign}${trimZeros(rest)}ms`
  const hours = Math.floor(rest / 3_600_000)
  rest -= hours * 3_600_000
  const minutes = Math.floor(rest / 60_000)
  rest -= minutes * 60_000
  const seconds = `${trimZeros(rest / 1000)}s`
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}`
  if (minutes > 0) return `${sign}${minutes}m${seconds}`
  return `${sign}${seconds}`
}

function trimZeros(n: number): string {
  return String(Number(n.toFixed(9)))
}
