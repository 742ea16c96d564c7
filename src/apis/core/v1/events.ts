/**
 * core/v1 Events (the legacy event API kubectl describe reads).
 */
import { fieldInvalid, fieldRequired, type FieldError } from '../../../apimachinery/errors.js'
import { translateTimestampSince } from '../../../apimachinery/duration.js'
import { isDNS1123Subdomain, isQualifiedName } from '../../../apimachinery/validation.js'
import type { Strategy } from '../../../registry/strategy.js'
import { resourceInfo } from './resource-info.js'
import { NAME_COLUMN, column } from './table-helpers.js'

const TEXT_LIMIT = 128
const NOTE_LIMIT = 1024

/** Upstream's legacy event validation: namespaces must agree; new-style events need reporting fields. */
function validateEvent(ev: any): FieldError[] {
  const errs: FieldError[] = []
  const ns: string = ev?.metadata?.namespace ?? ''
  const involvedNs: string = ev?.involvedObject?.namespace ?? ''
  const mismatch = () => fieldInvalid('involvedObject.namespace', involvedNs, 'does not match event.namespace')
  if (!ev?.eventTime) {
    if (involvedNs === '' ? ns !== '' && ns !== 'default' : ns !== involvedNs) errs.push(mismatch())
  } else {
    if (involvedNs === '' && ns !== 'default' && ns !== 'kube-system') errs.push(mismatch())
    const controller: string = ev.reportingComponent ?? ''
    if (!controller) errs.push(fieldRequired('reportingComponent', ''))
    for (const msg of isQualifiedName(controller)) errs.push(fieldInvalid('reportingComponent', controller, msg))
    const tooLong = (field: string, limit: number) => fieldInvalid(field, '', `can have at most ${limit} characters`)
    if (!ev.reportingInstance) errs.push(fieldRequired('reportingInstance', ''))
    else if (ev.reportingInstance.length > TEXT_LIMIT) errs.push(tooLong('reportingInstance', TEXT_LIMIT))
    if (!ev.action) errs.push(fieldRequired('action', ''))
    else if (ev.action.length > TEXT_LIMIT) errs.push(tooLong('action', TEXT_LIMIT))
    if (!ev.reason) errs.push(fieldRequired('reason', ''))
    else if (ev.reason.length > TEXT_LIMIT) errs.push(tooLong('reason', TEXT_LIMIT))
    if (typeof ev.message === 'string' && ev.message.length > NOTE_LIMIT) errs.push(tooLong('message', NOTE_LIMIT))
  }
  for (const msg of isDNS1123Subdomain(ns)) errs.push(fieldInvalid('namespace', ns, msg))
  return errs
}

/** `component, host` of the event source, falling back to the reporting fields. */
function eventSource(ev: any): string {
  const component: string = ev?.source?.component || ev?.reportingComponent || ''
  const instance: string = ev?.source?.host || ev?.reportingInstance || ''
  return instance ? `${component}, ${instance}` : component
}

function eventCells(ev: any, now: number): unknown[] {
  const first = ev?.firstTimestamp
    ? translateTimestampSince(ev.firstTimestamp, now)
    : translateTimestampSince(ev?.eventTime, now)
  let last = ev?.lastTimestamp ? translateTimestampSince(ev.lastTimestamp, now) : first
  let count: number = ev?.count ?? 0
  if (ev?.series) {
    last = translateTimestampSince(ev.series.lastObservedTime, now)
    count = ev.series.count ?? 0
  } else if (count === 0) {
    count = 1 // singleton events of the new API carry no count
  }
  const kind = String(ev?.involvedObject?.kind ?? '').toLowerCase()
  const target = ev?.involvedObject?.name ? `${kind}/${ev.involvedObject.name}` : kind
  return [
    last,
    ev?.type ?? '',
    ev?.reason ?? '',
    target,
    ev?.involvedObject?.fieldPath ?? '',
    eventSource(ev),
    String(ev?.message ?? '').trim(),
    first,
    count,
    ev?.metadata?.name ?? '',
  ]
}

export const eventStrategy: Strategy = {
  info: resourceInfo({ group: '', version: 'v1', kind: 'Event', resource: 'events', shortNames: ['ev'] }),
  schemaName: 'io.k8s.api.core.v1.Event',
  hasFieldLabelConversion: true,

  validate: validateEvent,

  selectableFields(ev) {
    const o = ev?.involvedObject ?? {}
    return {
      'involvedObject.kind': o.kind ?? '',
      'involvedObject.namespace': o.namespace ?? '',
      'involvedObject.name': o.name ?? '',
      'involvedObject.uid': o.uid ?? '',
      'involvedObject.apiVersion': o.apiVersion ?? '',
      'involvedObject.resourceVersion': o.resourceVersion ?? '',
      'involvedObject.fieldPath': o.fieldPath ?? '',
      reason: ev?.reason ?? '',
      reportingComponent: ev?.reportingComponent ?? '',
      source: ev?.source?.component || ev?.reportingComponent || '',
      type: ev?.type ?? '',
    }
  },

  table: {
    columns: [
      column('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
      column('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
      column('Reason', 'string', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
      column('Object', 'string', 'The object that this event is about.'),
      column('Subobject', 'string', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.', true),
      column('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.', true),
      column('Message', 'string', 'A human-readable description of the status of this operation.'),
      column('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', true),
      column('Count', 'string', 'The number of times this event has occurred.', true),
      { ...NAME_COLUMN, priority: 1 },
    ],
    cells: eventCells,
  },
}
