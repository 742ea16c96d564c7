/**
 * The query parameters of KubeSphere list routes (kapis.md §4.1), parsed once per request:
 * paging, sorting, the label selector applied at read time, and every other key as a filter.
 * Both query semantics (v1alpha3, v1beta1) share this parse; they differ only in how filters
 * match (filters.ts).
 */
import { parseLabelSelector, type LabelSelector } from '../apimachinery/labels/selector.js'
import { parseBool } from '../apimachinery/strconv.js'

export const DEFAULT_SORT = 'creationTimestamp'

/** Keys that configure the list itself; every other key is a filter. */
const RESERVED = new Set(['page', 'limit', 'sortBy', 'ascending', 'labelSelector'])

export interface Query {
  /** Items per page; -1 means no paging (also when `limit` is absent or not an integer). */
  limit: number
  /** (page − 1) × limit. */
  offset: number
  sortBy: string
  /** false (the default) puts the greater element first: newest first, Z→A. */
  ascending: boolean
  /** The raw `labelSelector`; '' when absent. */
  labelSelectorText: string
  /** The parsed selector; undefined when absent or unparsable (which matches everything). */
  labelSelector: LabelSelector | undefined
  /** Filter key → first value, in query order. */
  filters: Map<string, string>
}

/** Go strconv.Atoi: an optional sign and decimal digits. */
export function parseGoInt(v: string | null): number | undefined {
  if (v === null || !/^[+-]?\d+$/.test(v)) return undefined
  const n = Number(v)
  return Number.isSafeInteger(n) ? n : undefined
}

/** Parses a selector the way KubeSphere's list readers do: a parse error matches everything. */
export function lenientSelector(text: string): LabelSelector | undefined {
  if (!text) return undefined
  try {
    return parseLabelSelector(text)
  } catch {
    return undefined
  }
}

export function parseQuery(params: URLSearchParams): Query {
  const limit = parseGoInt(params.get('limit')) ?? -1
  const page = parseGoInt(params.get('page')) ?? 1
  const labelSelectorText = params.get('labelSelector') ?? ''
  const filters = new Map<string, string>()
  for (const [key, value] of params) {
    if (!RESERVED.has(key) && !filters.has(key)) filters.set(key, value)
  }
  return {
    limit,
    offset: (page - 1) * limit || 0,
    sortBy: params.get('sortBy') || DEFAULT_SORT,
    ascending: parseBool(params.get('ascending') || 'false') ?? false,
    labelSelectorText,
    labelSelector: lenientSelector(labelSelectorText),
    filters,
  }
}

/**
 * The [start, end) slice of `total` matching items that the paging asks for: everything for
 * limit −1; an empty page for any other negative limit, a negative offset or an offset past
 * the end; the last page truncated.
 */
export function pageBounds(q: Pick<Query, 'limit' | 'offset'>, total: number): [number, number] {
  if (q.limit === -1) return [0, total]
  if (q.limit < 0 || q.offset < 0 || q.offset > total) return [0, 0]
  return [q.offset, Math.min(q.offset + q.limit, total)]
}
