/**
 * Just enough of resource.Quantity to compare and add amounts (QoS class computation):
 * a quantity string becomes an exact BigInt count of nano-units. Values finer than a nano-unit
 * are rounded up, as upstream rounds quantities it cannot represent.
 */

const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 }
const BINARY_SUFFIX: Record<string, bigint> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
}

const QUANTITY_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/

/** Nano-units of a quantity (`500m` → 500_000_000n), or undefined when it does not parse. */
export function parseQuantityNanos(input: unknown): bigint | undefined {
  const text = typeof input === 'number' ? String(input) : input
  if (typeof text !== 'string') return undefined
  const m = QUANTITY_RE.exec(text.trim())
  if (!m) return undefined
  const [, sign, whole = '', frac = '', suffix = '', exp] = m
  if (whole === '' && frac === '') return undefined
  // mantissa = digits / 10^frac.length
  const digits = BigInt((whole || '0') + frac)
  let scale = -frac.length + 9 // exponent of ten to reach nano-units
  let factor = 1n
  if (suffix in BINARY_SUFFIX) factor = BINARY_SUFFIX[suffix]!
  else if (exp !== undefined) scale += Number(exp)
  else scale += DECIMAL_SUFFIX[suffix] ?? 0
  let nanos: bigint
  if (scale >= 0) nanos = digits * factor * 10n ** BigInt(scale)
  else {
    const div = 10n ** BigInt(-scale)
    const n = digits * factor
    nanos = n / div + (n % div === 0n ? 0n : 1n)
  }
  return sign === '-' ? -nanos : nanos
}
