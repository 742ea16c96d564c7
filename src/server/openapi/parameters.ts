/**
 * Query and path parameters of the generated operations (OpenAPI v3 form, inline so that kubectl's
 * query-parameter check finds `fieldValidation` on each PATCH operation). Descriptions are ours.
 */

export interface Parameter {
  name: string
  in: 'query' | 'path'
  description: string
  required?: boolean
  schema: { type: 'string' | 'integer' | 'boolean' }
}

const query = (name: string, type: Parameter['schema']['type'], description: string): Parameter => ({
  name,
  in: 'query',
  description,
  schema: { type },
})

const path = (name: string, description: string): Parameter => ({
  name,
  in: 'path',
  description,
  required: true,
  schema: { type: 'string' },
})

export const P = {
  name: path('name', 'name of the object'),
  namespace: path('namespace', 'object name and auth scope, such as for teams and projects'),
  pretty: query('pretty', 'string', "If 'true', the output is indented."),
  dryRun: query(
    'dryRun',
    'string',
    'All: run every stage of the request, but persist nothing. Unknown values are rejected.',
  ),
  fieldManager: query(
    'fieldManager',
    'string',
    'Name of the actor making the change, recorded in managedFields; at most 128 printable characters.',
  ),
  fieldValidation: query(
    'fieldValidation',
    'string',
    'What to do with unknown or duplicate fields in the body: Ignore (drop them), Warn (drop them and report each in a Warning header, the default) or Strict (fail the request).',
  ),
  force: query(
    'force',
    'boolean',
    'Apply requests only: take over fields that other managers own instead of failing with a conflict.',
  ),
  gracePeriodSeconds: query(
    'gracePeriodSeconds',
    'integer',
    'Seconds to wait before the object is deleted; 0 deletes at once. Default: the per-object value.',
  ),
  orphanDependents: query(
    'orphanDependents',
    'boolean',
    'Deprecated in favour of propagationPolicy: when true, dependents are orphaned.',
  ),
  propagationPolicy: query(
    'propagationPolicy',
    'string',
    'How dependents are garbage collected: Orphan, Background or Foreground.',
  ),
  ignoreStoreReadError: query(
    'ignoreStoreReadErrorWithClusterBreakingPotential',
    'boolean',
    'Delete an object whose stored data cannot be read. Dangerous; for recovery only.',
  ),
  labelSelector: query('labelSelector', 'string', 'Only objects whose labels match this selector.'),
  fieldSelector: query('fieldSelector', 'string', 'Only objects whose fields match this selector.'),
  limit: query(
    'limit',
    'integer',
    'Largest number of items to return; the reply carries a continue token when more exist.',
  ),
  continue: query('continue', 'string', 'Token from a previous limited list, to fetch the next page.'),
  resourceVersion: query('resourceVersion', 'string', 'Which resource version the reply may be served from.'),
  resourceVersionMatch: query(
    'resourceVersionMatch',
    'string',
    'How resourceVersion is compared for lists: Exact or NotOlderThan.',
  ),
  timeoutSeconds: query('timeoutSeconds', 'integer', 'Ends a list or watch call after this many seconds.'),
  watch: query('watch', 'boolean', 'Stream add, update and delete events instead of returning a list.'),
  allowWatchBookmarks: query(
    'allowWatchBookmarks',
    'boolean',
    'Ask for BOOKMARK events on a watch; servers may send them or not.',
  ),
  sendInitialEvents: query(
    'sendInitialEvents',
    'boolean',
    'Start a watch with synthetic events for the current state, then a bookmark.',
  ),
} as const

/** Parameters of each action, as kube-apiserver declares them. */
export const ACTION_PARAMETERS = {
  list: [
    P.allowWatchBookmarks,
    P.continue,
    P.fieldSelector,
    P.labelSelector,
    P.limit,
    P.resourceVersion,
    P.resourceVersionMatch,
    P.sendInitialEvents,
    P.timeoutSeconds,
    P.watch,
  ],
  get: [],
  post: [P.dryRun, P.fieldManager, P.fieldValidation],
  put: [P.dryRun, P.fieldManager, P.fieldValidation],
  patch: [P.dryRun, P.fieldManager, P.fieldValidation, P.force],
  delete: [P.dryRun, P.gracePeriodSeconds, P.ignoreStoreReadError, P.orphanDependents, P.propagationPolicy],
  deletecollection: [
    P.continue,
    P.dryRun,
    P.fieldSelector,
    P.gracePeriodSeconds,
    P.ignoreStoreReadError,
    P.labelSelector,
    P.limit,
    P.orphanDependents,
    P.propagationPolicy,
    P.resourceVersion,
    P.resourceVersionMatch,
    P.sendInitialEvents,
    P.timeoutSeconds,
  ],
} satisfies Record<string, Parameter[]>

export type Action = keyof typeof ACTION_PARAMETERS
