/**
 * Errors for non-2xx answers, as client-go builds them: when the body is a Kubernetes `Status`
 * its message is the error's message (so printing the error prints e.g. the seed's
 * `clusters.tenant.kubesphere.io is forbidden: User "…" cannot list …`); otherwise a generic
 * message for the status code is used, keeping the server's text for 403, 406 and 415 and
 * quoting it for 5xx.
 */

export interface Status {
  kind?: 'Status'
  apiVersion?: string
  metadata?: Record<string, unknown>
  status?: 'Success' | 'Failure'
  message?: string
  reason?: string
  details?: {
    name?: string
    group?: string
    kind?: string
    uid?: string
    causes?: { type?: string; reason?: string; message?: string; field?: string }[]
    retryAfterSeconds?: number
  }
  code?: number
}

export class StatusError extends Error {
  constructor(
    readonly status: Status,
    /** The response body as received. */
    readonly body: Buffer = Buffer.alloc(0),
  ) {
    super(status.message ?? '')
    this.name = 'StatusError'
  }

  get code(): number {
    return this.status.code ?? 0
  }

  get reason(): string {
    return this.status.reason ?? ''
  }
}

export const isStatusError = (e: unknown): e is StatusError => e instanceof StatusError

/** The Status in a response body, when it is one. */
export function parseStatus(body: Buffer, contentType: string | undefined): Status | undefined {
  if (body.length === 0 || (contentType && !/json/i.test(contentType))) return undefined
  try {
    const v = JSON.parse(body.toString('utf8'))
    return v && typeof v === 'object' && v.kind === 'Status' ? (v as Status) : undefined
  } catch {
    return undefined
  }
}

function generic(code: number, serverMessage: string): { reason: string; message: string } {
  switch (code) {
    case 400:
      return { reason: 'BadRequest', message: 'the server rejected our request for an unknown reason' }
    case 401:
      return { reason: 'Unauthorized', message: 'the server has asked for the client to provide credentials' }
    case 403:
      return { reason: 'Forbidden', message: serverMessage }
    case 404:
      return { reason: 'NotFound', message: 'the server could not find the requested resource' }
    case 405:
      return {
        reason: 'MethodNotAllowed',
        message: 'the server does not allow this method on the requested resource',
      }
    case 406:
      return {
        reason: 'NotAcceptable',
        message:
          serverMessage && serverMessage !== 'unknown'
            ? serverMessage
            : 'the server was unable to respond with a content type that the client supports',
      }
    case 409:
      return { reason: 'Conflict', message: 'the server reported a conflict' }
    case 415:
      return { reason: 'UnsupportedMediaType', message: serverMessage }
    case 422:
      return { reason: 'Invalid', message: 'the server rejected our request due to an error in our request' }
    case 429:
      return {
        reason: 'TooManyRequests',
        message: 'the server has received too many requests and has asked us to try again later',
      }
    case 503:
      return { reason: 'ServiceUnavailable', message: 'the server is currently unable to handle the request' }
    case 504:
      return {
        reason: 'Timeout',
        message:
          'the server was unable to return a response in the time allotted, but may still be processing the request',
      }
  }
  if (code >= 500) {
    return {
      reason: 'InternalError',
      message: `an error on the server (${JSON.stringify(serverMessage)}) has prevented the request from succeeding`,
    }
  }
  return {
    reason: 'Unknown',
    message: `the server responded with the status code ${code} but did not return more information`,
  }
}

/** The error for a non-2xx response whose body is not a Status. */
export function unexpectedResponseError(
  code: number,
  body: Buffer,
  contentType: string | undefined,
): StatusError {
  const text = body.toString('utf8').trim()
  const isText = !contentType || /^text\//i.test(contentType)
  const serverMessage = isText && text ? text : 'unknown'
  const { reason, message } = generic(code, serverMessage)
  return new StatusError(
    {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      details: { causes: [{ reason: 'UnexpectedServerResponse', message: serverMessage }] },
      code,
    },
    body,
  )
}
