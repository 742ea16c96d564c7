/**
 * Validation of CronJob schedules with the error texts of the cron library upstream uses
 * (robfig/cron v3 ParseStandard): five fields or an `@` descriptor, optionally prefixed by
 * `TZ=`/`CRON_TZ=`. Returns the error text, or undefined when the schedule parses.
 */

interface Bounds {
  min: number
  max: number
  names?: Record<string, number>
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

const FIELDS: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: Object.fromEntries(MONTHS.map((m, i) => [m, i + 1])) },
  { min: 0, max: 6, names: Object.fromEntries(DAYS.map((d, i) => [d, i])) },
]

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']

class CronError extends Error {}

function parseInt10(expr: string): number {
  // Go's strconv.Atoi accepts an optional sign and decimal digits only.
  if (!/^[+-]?\d+$/.test(expr)) throw new CronError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`)
  const n = Number(expr)
  if (n < 0) throw new CronError(`negative number (${n}) not allowed: ${expr}`)
  return n
}

function parseIntOrName(expr: string, b: Bounds): number {
  const named = b.names?.[expr.toLowerCase()]
  return named ?? parseInt10(expr)
}

function checkRange(expr: string, b: Bounds): void {
  const rangeAndStep = expr.split('/')
  const lowAndHigh = rangeAndStep[0].split('-')
  let start: number
  let end: number
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = b.min
    end = b.max
  } else {
    start = parseIntOrName(lowAndHigh[0], b)
    if (lowAndHigh.length === 1) end = start
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1], b)
    else throw new CronError(`too many hyphens: ${expr}`)
  }
  let step = 1
  if (rangeAndStep.length === 2) {
    step = parseInt10(rangeAndStep[1])
    // `N/step` means `N-max/step`.
    if (lowAndHigh.length === 1) end = b.max
  } else if (rangeAndStep.length > 2) throw new CronError(`too many slashes: ${expr}`)
  if (start < b.min) throw new CronError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`)
  if (end > b.max) throw new CronError(`end of range (${end}) above maximum (${b.max}): ${expr}`)
  if (start > end) throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`)
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expr}`)
}

/** Go's time.ParseDuration, enough to accept `@every 1h30m` and reject garbage. */
function isGoDuration(s: string): boolean {
  return s === '0' || /^[+-]?(\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))*$/.test(s)
}

export function cronScheduleError(schedule: string): string | undefined {
  try {
    let spec = schedule
    if (spec.length === 0) throw new CronError('empty spec string')
    if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
      const i = spec.indexOf(' ')
      spec = i < 0 ? '' : spec.slice(i).trim()
    }
    if (spec.startsWith('@')) {
      if (DESCRIPTORS.includes(spec)) return undefined
      if (spec.startsWith('@every ')) {
        const d = spec.slice('@every '.length)
        if (!isGoDuration(d)) throw new CronError(`failed to parse duration ${spec}: time: invalid duration ${JSON.stringify(d)}`)
        return undefined
      }
      throw new CronError(`unrecognized descriptor: ${spec}`)
    }
    const fields = spec.split(/\s+/).filter((f) => f !== '')
    if (fields.length !== 5) throw new CronError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`)
    fields.forEach((f, i) => {
      for (const part of f.split(',').filter((p) => p !== '')) checkRange(part, FIELDS[i])
    })
    return undefined
  } catch (e) {
    if (e instanceof CronError) return e.message
    throw e
  }
}
