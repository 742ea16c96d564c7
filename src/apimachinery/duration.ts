/**
 * Human-readable ages as kube-apiserver prints them in Table cells
 * (k8s.io/apimachinery pkg/util/duration HumanDuration): about two significant figures,
 * `<invalid>` for times more than a second in the future.
 */

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const YEAR = 365 * DAY

/** Go's int(x) on a float: truncation toward zero. */
const trunc = (x: number) => Math.trunc(x)

/** `5m`, `3h12m`, `2d4h`, `400d`, `2y15d`; `<invalid>` when more than one second negative. */
export function humanDuration(ms: number): string {
  const seconds = trunc(ms / SECOND)
  // A clock skew of under two seconds still counts as "now".
  if (seconds < -1) return '<invalid>'
  if (seconds < 0) return '0s'
  if (seconds < 120) return `${seconds}s`
  const minutes = trunc(ms / MINUTE)
  if (minutes < 10) {
    const s = seconds % 60
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`
  }
  if (minutes < 180) return `${minutes}m`
  const hours = trunc(ms / HOUR)
  if (hours < 8) {
    const m = minutes % 60
    return m === 0 ? `${hours}h` : `${hours}h${m}m`
  }
  if (hours < 48) return `${hours}h`
  const days = trunc(hours / 24)
  if (hours < 8 * 24) {
    const h = hours % 24
    return h === 0 ? `${days}d` : `${days}d${h}h`
  }
  if (hours < 2 * 365 * 24) return `${days}d`
  const years = trunc(days / 365)
  if (hours < 8 * 365 * 24) {
    const d = days % 365
    return d === 0 ? `${years}y` : `${years}y${d}d`
  }
  return `${trunc(ms / YEAR)}y`
}

/**
 * Age of an RFC 3339 timestamp at `now` (ms since epoch). Absent, empty or unparsable
 * timestamps print `<unknown>`, as a zero metav1.Time does upstream.
 */
export function translateTimestampSince(ts: string | undefined | null, now: number): string {
  if (!ts) return '<unknown>'
  const t = Date.parse(ts)
  if (Number.isNaN(t)) return '<unknown>'
  return humanDuration(now - t)
}
