/**
 * ApiError and its constructors: the only place a Kubernetes `Status` is built.
 * Every layer throws these; server/response-writers.ts turns them into bytes.
 * Message formats follow kube-apiserver (k8s.io/apimachinery/pkg/api/errors).
 */

export interface StatusCause {
  reason?: string
  message?: string
  field?: string
}

export interface StatusDetails {
  name?: string
  group?: string
  kind?: string
  uid?: string
  causes?: StatusCause[]
  retryAfterSeconds?: number
}

export interface Status {
  kind: 'Status'
  apiVersion: 'v1'
  metadata: { continue?: string; resourceVersion?: string }
  status: 'Failure' | 'Success'
  message?: string
  reason?: string
  details?: StatusDetails
  code: number
}

export interface GroupResource {
  group: string
  resource: string
}

export interface GroupKind {
  group: string
  kind: string
}

export class ApiError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? status.reason ?? 'error')
    this.name = 'ApiError'
  }
  get code(): number {
    return this.status.code
  }
  get reason(): string {
    return this.status.reason ?? ''
  }
}

/** `resource` or `resource.group`, as kube-apiserver prints a GroupResource. */
export function grString(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource
}

/** `Kind` or `Kind.group`. */
export function gkString(gk: GroupKind): string {
  return gk.group ? `${gk.kind}.${gk.group}` : gk.kind
}

/** Go's %q for the strings we print: double quotes with backslash escapes. */
export function quote(s: string): string {
  return JSON.stringify(s)
}

function failure(
  code: number,
  reason: string,
  message: string,
  details?: StatusDetails,
  metadata: Status['metadata'] = {},
): ApiError {
  // Key order as upstream serialises a Status: details before code.
  const status: Status = details
    ? { kind: 'Status', apiVersion: 'v1', metadata, status: 'Failure', message, reason, details, code }
    : { kind: 'Status', apiVersion: 'v1', metadata, status: 'Failure', message, reason, code }
  return new ApiError(status)
}

function grDetails(gr: GroupResource, name: string): StatusDetails {
  const d: StatusDetails = { name }
  if (gr.group) d.group = gr.group
  d.kind = gr.resource
  return d
}

export const newNotFound = (gr: GroupResource, name: string) =>
  failure(404, 'NotFound', `${grString(gr)} ${quote(name)} not found`, grDetails(gr, name))

export const newNotFoundPath = () =>
  failure(404, 'NotFound', 'the server could not find the requested resource', {})

export const newAlreadyExists = (gr: GroupResource, name: string) =>
  failure(409, 'AlreadyExists', `${grString(gr)} ${quote(name)} already exists`, grDetails(gr, name))

export const newGenerateNameConflict = (gr: GroupResource, name: string, retryAfterSeconds: number) =>
  failure(
    409,
    'AlreadyExists',
    `${grString(gr)} ${quote(name)} already exists, the server was not able to generate a unique name for the object`,
    { ...grDetails(gr, name), retryAfterSeconds },
  )

export const CONFLICT_MODIFIED =
  'the object has been modified; please apply your changes to the latest version and try again'

export const newConflict = (gr: GroupResource, name: string, detail: string, causes?: StatusCause[]) =>
  failure(409, 'Conflict', `Operation cannot be fulfilled on ${grString(gr)} ${quote(name)}: ${detail}`, {
    ...grDetails(gr, name),
    ...(causes ? { causes } : {}),
  })

/** A Conflict whose message is given whole (server-side apply conflicts). */
export const newConflictMessage = (gr: GroupResource, name: string, message: string, causes?: StatusCause[]) =>
  failure(409, 'Conflict', message, { ...grDetails(gr, name), ...(causes ? { causes } : {}) })

/**
 * 403 `<resource>[.<group>] ["<name>"] is forbidden: <detail>`, or `forbidden: <detail>` when no
 * resource is named (non-resource requests). Empty details fields are omitted, as Go's
 * omitempty does: a non-resource denial carries `details: {}`.
 */
export const newForbidden = (gr: GroupResource, name: string, detail: string, causes?: StatusCause[]) => {
  const subject = name ? `${grString(gr)} ${quote(name)}` : gr.resource ? grString(gr) : ''
  const message = subject ? `${subject} is forbidden: ${detail}` : `forbidden: ${detail}`
  const details: StatusDetails = {}
  if (name) details.name = name
  if (gr.group) details.group = gr.group
  if (gr.resource) details.kind = gr.resource
  if (causes) details.causes = causes
  return failure(403, 'Forbidden', message, details)
}

export const newBadRequest = (message: string) => failure(400, 'BadRequest', message)

export const newUnauthorized = (message = 'Unauthorized') => failure(401, 'Unauthorized', message)

export const newMethodNotSupported = () =>
  failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource')

export const newVerbNotSupported = (gr: GroupResource, verb: string) =>
  failure(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind ${quote(grString(gr))}`, {
    ...(gr.group ? { group: gr.group } : {}),
    kind: gr.resource,
  })

export const newNotAcceptable = (accepted: string[]) =>
  failure(406, 'NotAcceptable', `only the following media types are accepted: ${accepted.join(', ')}`)

export const newUnsupportedMediaType = (accepted: string[]) =>
  failure(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  )

export const MAX_BODY_BYTES = 3 * 1024 * 1024

export const newRequestEntityTooLarge = (detail = `limit is ${MAX_BODY_BYTES}`) =>
  failure(413, 'RequestEntityTooLarge', `Request entity too large: ${detail}`)

export const newResourceExpired = (message: string, continueToken?: string) =>
  failure(410, 'Expired', message, undefined, continueToken ? { continue: continueToken } : {})

export const newGone = (message: string) => failure(410, 'Gone', message)

export const newInternalError = (err: unknown) => {
  const text = err instanceof Error ? err.message : String(err)
  return failure(500, 'InternalError', `Internal error occurred: ${text}`, { causes: [{ message: text }] })
}

/**
 * A rejection by a mutating or validating admission webhook, as kube-apiserver reports it: the
 * webhook's code (at least 400), no reason, and `admission webhook "<name>" denied the request: <text>`.
 */
export const newWebhookDenied = (webhook: string, code: number, message: string) =>
  new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `admission webhook ${quote(webhook)} denied the request: ${message}`,
    code: Math.max(code, 400),
  })

/** A plain error that kube-apiserver would report as reason Unknown with its raw text. */
export const newUnknown = (message: string, code = 500) => failure(code, 'Unknown', message)

export const newServiceUnavailable = (message: string) => failure(503, 'ServiceUnavailable', message)

export const newTimeout = (message: string, retryAfterSeconds: number, causes?: StatusCause[]) =>
  failure(504, 'Timeout', `Timeout: ${message}`, { retryAfterSeconds, ...(causes ? { causes } : {}) })

export const newTooManyRequests = (detail: string, retryAfterSeconds: number) =>
  failure(429, 'TooManyRequests', `Too many requests: ${detail}`, { retryAfterSeconds })

/** A 422 whose message is given whole (patch application failures). */
export const newUnprocessable = (message: string) => failure(422, 'Invalid', message)

// ---- field errors (k8s.io/apimachinery/pkg/util/validation/field) ----

export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'

const FIELD_TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
}

export interface FieldError {
  type: FieldErrorType
  field: string
  /** The offending value, printed Go-style; omitted for Required/Forbidden/TooLong/TooMany. */
  value?: unknown
  detail?: string
}

/** Prints a value the way Go's %#v / %q do for the common cases. */
export function goValue(v: unknown): string {
  if (typeof v === 'string') return quote(v)
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return `[]string{${v.map(quote).join(', ')}}`
  if (typeof v === 'object' && Object.values(v).every((x) => typeof x === 'string')) {
    const entries = Object.entries(v as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `map[string]string{${entries.map(([k, x]) => `${quote(k)}:${quote(x)}`).join(', ')}}`
  }
  return JSON.stringify(v)
}

/** The error text without the field path: `Invalid value: "x": detail`. */
export function fieldErrorBody(e: FieldError): string {
  const parts = [FIELD_TYPE_TEXT[e.type]]
  const showsValue = !['FieldValueRequired', 'FieldValueForbidden', 'FieldValueTooLong', 'FieldValueTooMany', 'InternalError'].includes(e.type)
  if (showsValue && e.value !== undefined) parts.push(goValue(e.value))
  if (e.detail) parts.push(e.detail)
  return parts.join(': ')
}

export function fieldErrorString(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`
}

export const fieldInvalid = (field: string, value: unknown, detail: string): FieldError => ({
  type: 'FieldValueInvalid',
  field,
  value,
  detail,
})
export const fieldRequired = (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, detail })
export const fieldForbidden = (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, detail })
export const fieldNotSupported = (field: string, value: unknown, supported: string[]): FieldError => ({
  type: 'FieldValueNotSupported',
  field,
  value,
  detail: `supported values: ${supported.map(quote).join(', ')}`,
})
export const fieldDuplicate = (field: string, value: unknown): FieldError => ({ type: 'FieldValueDuplicate', field, value })
export const fieldTooLong = (field: string, max: number): FieldError => ({
  type: 'FieldValueTooLong',
  field,
  detail: `must have at most ${max} bytes`,
})

/** 422 `<Kind>[.group] "<name>" is invalid: <errors>`; several errors are printed as `[a, b]`. */
export function newInvalid(gk: GroupKind, name: string, errors: FieldError[]): ApiError {
  const texts = errors.map(fieldErrorString)
  const joined = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`
  const details: StatusDetails = { name }
  if (gk.group) details.group = gk.group
  details.kind = gk.kind
  details.causes = errors.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field }))
  return failure(422, 'Invalid', `${gkString(gk)} ${quote(name)} is invalid: ${joined}`, details)
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError
export const isNotFound = (e: unknown) => isApiError(e) && e.reason === 'NotFound'
export const isAlreadyExists = (e: unknown) => isApiError(e) && e.reason === 'AlreadyExists'
export const isConflict = (e: unknown) => isApiError(e) && e.reason === 'Conflict'
export const isInvalid = (e: unknown) => isApiError(e) && e.reason === 'Invalid'
export const isExpired = (e: unknown) => isApiError(e) && (e.reason === 'Expired' || e.reason === 'Gone')
