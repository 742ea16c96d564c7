/**
 * List and watch options from the query string, their validation (kube-api.md §7.3) and the
 * opaque continue token (§7.2).
 */
import { newBadRequest, newInvalid, type FieldError } from '../apimachinery/errors.js'
import { parseBool } from '../apimachinery/strconv.js'
import { parseLabelSelector, type LabelSelector } from '../apimachinery/labels/selector.js'
import { parseFieldSelector, type FieldSelector } from '../apimachinery/fields/selector.js'

export interface ListOptions {
  labelSelector?: LabelSelector
  labelSelectorText: string
  fieldSelector?: FieldSelector
  fieldSelectorText: string
  limit: number
  continueToken?: ContinueToken
  resourceVersion?: string
  resourceVersionMatch?: string
  timeoutSeconds?: number
  allowWatchBookmarks: boolean
  sendInitialEvents?: boolean
  watch: boolean
}

export interface ContinueToken {
  /** Revision of the snapshot the first page was read at; -1 = continue at latest. */
  rv: number
  /** The key to start at, relative to the resource prefix. */
  start: string
}

export function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url')
}

export function decodeContinue(token: string): ContinueToken {
  let parsed: any
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
  } catch {
    throw newBadRequest(`invalid continue token: continue key is not valid: ${token}`)
  }
  if (
    !parsed ||
    parsed.v !== 'meta.k8s.io/v1' ||
    typeof parsed.rv !== 'number' ||
    typeof parsed.start !== 'string' ||
    parsed.start.includes('..') ||
    parsed.start.startsWith('/')
  ) {
    throw newBadRequest('invalid continue token: continue key is not valid')
  }
  return { rv: parsed.rv, start: parsed.start }
}

const LIST_OPTIONS_GK = { group: 'meta.k8s.io', kind: 'ListOptions' }

export function parseListOptions(query: URLSearchParams, isWatch: boolean): ListOptions {
  const labelSelectorText = query.get('labelSelector') ?? ''
  const fieldSelectorText = query.get('fieldSelector') ?? ''
  const opts: ListOptions = {
    labelSelectorText,
    fieldSelectorText,
    limit: 0,
    allowWatchBookmarks: parseBool(query.get('allowWatchBookmarks')) === true,
    watch: isWatch,
  }
  if (labelSelectorText) opts.labelSelector = parseLabelSelector(labelSelectorText)
  if (fieldSelectorText) opts.fieldSelector = parseFieldSelector(fieldSelectorText)
  const limit = query.get('limit')
  if (limit !== null && limit !== '') {
    const n = Number(limit)
    if (!Number.isInteger(n)) throw newBadRequest(`invalid value for limit: ${limit}`)
    opts.limit = n > 0 ? n : 0
  }
  const cont = query.get('continue')
  if (cont) opts.continueToken = decodeContinue(cont)
  const rv = query.get('resourceVersion')
  if (rv !== null && rv !== '') opts.resourceVersion = rv
  const rvm = query.get('resourceVersionMatch')
  if (rvm !== null && rvm !== '') opts.resourceVersionMatch = rvm
  const ts = query.get('timeoutSeconds')
  if (ts !== null && ts !== '') {
    const n = Number(ts)
    if (!Number.isInteger(n) || n < 0) throw newBadRequest(`invalid value for timeoutSeconds: ${ts}`)
    opts.timeoutSeconds = n
  }
  const sie = query.get('sendInitialEvents')
  if (sie !== null && sie !== '') opts.sendInitialEvents = parseBool(sie)

  const errors: FieldError[] = []
  const forbidden = (detail: string) => errors.push({ type: 'FieldValueForbidden', field: 'resourceVersionMatch', detail })
  if (opts.resourceVersionMatch !== undefined) {
    if (!['Exact', 'NotOlderThan'].includes(opts.resourceVersionMatch)) {
      errors.push({
        type: 'FieldValueNotSupported',
        field: 'resourceVersionMatch',
        value: opts.resourceVersionMatch,
        detail: 'supported values: "Exact", "NotOlderThan", ""',
      })
    } else if (isWatch) {
      if (opts.sendInitialEvents === undefined) forbidden('resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided')
    } else if (opts.resourceVersion === undefined) {
      forbidden('resourceVersionMatch is forbidden unless resourceVersion is provided')
    } else if (opts.continueToken) {
      forbidden('resourceVersionMatch is forbidden when continue is provided')
    } else if (opts.resourceVersionMatch === 'Exact' && opts.resourceVersion === '0') {
      forbidden('resourceVersionMatch "exact" is forbidden for resourceVersion "0"')
    }
  }
  if (opts.sendInitialEvents !== undefined) {
    if (!isWatch) errors.push({ type: 'FieldValueForbidden', field: 'sendInitialEvents', detail: 'sendInitialEvents is forbidden for list' })
    else if (opts.resourceVersionMatch !== 'NotOlderThan') forbidden('sendInitialEvents requires setting resourceVersionMatch to NotOlderThan')
  }
  if (errors.length) throw newInvalid(LIST_OPTIONS_GK, '', errors)
  if (opts.resourceVersion !== undefined && !/^\d+$/.test(opts.resourceVersion)) {
    throw newBadRequest(`invalid resource version: ${opts.resourceVersion}`)
  }
  return opts
}
