/**
 * Go `%#v` renderings of the few non-string values upstream prints inside field errors
 * (label selectors, nil maps), and a FieldError constructor that carries such pre-rendered text.
 *
 * errors.ts prints values itself (quoted strings, `map[string]string{…}`), which covers most
 * cases; these helpers cover the values it cannot express, e.g. a `v1.LabelSelector{…}`.
 */
import type { FieldError } from '../../../apimachinery/errors.js'
import { quote } from '../../../apimachinery/errors.js'

/**
 * `Invalid value: <goText>: <detail>` where goText is already Go-formatted. The value is
 * folded into the detail so that errors.ts prints it verbatim.
 */
export function invalidRaw(field: string, goText: string, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, detail: detail ? `${goText}: ${detail}` : goText }
}

/** `map[string]string{"a":"b"}` with sorted keys; `map[string]string(nil)` for absent maps. */
export function goStringMap(m: unknown): string {
  if (m === undefined || m === null || typeof m !== 'object') return 'map[string]string(nil)'
  const entries = Object.entries(m as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `map[string]string{${entries.map(([k, v]) => `${quote(k)}:${quote(String(v))}`).join(', ')}}`
}

function goStringSlice(v: unknown): string {
  if (!Array.isArray(v)) return '[]string(nil)'
  return `[]string{${v.map((x) => quote(String(x))).join(', ')}}`
}

/**
 * A metav1.LabelSelector as `%#v` prints it once dereferenced:
 * `v1.LabelSelector{MatchLabels:map[string]string{"app":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`.
 * An absent selector prints `null`, as upstream prints a nil pointer.
 */
export function goLabelSelector(sel: unknown): string {
  if (sel === undefined || sel === null || typeof sel !== 'object') return 'null'
  const s = sel as { matchLabels?: unknown; matchExpressions?: unknown }
  let exprs = '[]v1.LabelSelectorRequirement(nil)'
  if (Array.isArray(s.matchExpressions)) {
    const items = s.matchExpressions.map((e: any) => {
      const key = quote(String(e?.key ?? ''))
      const op = quote(String(e?.operator ?? ''))
      return `v1.LabelSelectorRequirement{Key:${key}, Operator:${op}, Values:${goStringSlice(e?.values)}}`
    })
    exprs = `[]v1.LabelSelectorRequirement{${items.join(', ')}}`
  }
  return `v1.LabelSelector{MatchLabels:${goStringMap(s.matchLabels)}, MatchExpressions:${exprs}}`
}

/** An intstr.IntOrString as `%#v` prints it: `intstr.IntOrString{Type:1, IntVal:0, StrVal:"25%"}`. */
export function goIntOrString(v: unknown): string {
  if (typeof v === 'number') return `intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`
  return `intstr.IntOrString{Type:1, IntVal:0, StrVal:${quote(typeof v === 'string' ? v : '')}}`
}
