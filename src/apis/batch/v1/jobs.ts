/**
 * batch/v1 Jobs. Unless `spec.manualSelector` is true the server owns the selector: it selects
 * the job's uid, and the pod template carries the uid and job-name labels.
 */
import { fieldInvalid, fieldRequired, type FieldError } from '../../../apimachinery/errors.js'
import { humanDuration } from '../../../apimachinery/duration.js'
import { formatLabelSelector } from '../../../apimachinery/labels/selector.js'
import { clone, deepEqual, isPlainObject } from '../../../apimachinery/meta.js'
import type { Strategy } from '../../../registry/strategy.js'
import { immutable, validateLabelSelector } from '../../core/v1/field-checks.js'
import { goLabelSelector, invalidRaw } from '../../core/v1/go-format.js'
import { keepOldStatus } from '../../core/v1/keep-status.js'
import { defaultPodTemplateSpec } from '../../core/v1/pod-defaults.js'
import { resourceInfo } from '../../core/v1/resource-info.js'
import { AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN, age, column, containerCells } from '../../core/v1/table-helpers.js'
import { validateSelectorMatchesTemplate } from '../../apps/v1/workload.js'
import { validateJobSpec } from './job-spec.js'

export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid'
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid'
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name'
export const LEGACY_JOB_NAME_LABEL = 'job-name'

/** Template fields a suspended job that never started may still change. */
const SCHEDULING_DIRECTIVES = ['nodeSelector', 'tolerations', 'affinity', 'schedulingGates'] as const

function defaultJob(job: any): void {
  if (!isPlainObject(job)) return
  if (!isPlainObject(job.spec)) job.spec = {}
  const spec = job.spec
  if (spec.completions == null && spec.parallelism == null) {
    spec.completions = 1
    spec.parallelism = 1
  }
  spec.parallelism ??= 1
  spec.backoffLimit ??= spec.backoffLimitPerIndex != null ? 2147483647 : 6
  const templateLabels = spec.template?.metadata?.labels
  if (isPlainObject(templateLabels) && Object.keys(job.metadata?.labels ?? {}).length === 0 && isPlainObject(job.metadata)) {
    job.metadata.labels = { ...templateLabels }
  }
  spec.completionMode ??= 'NonIndexed'
  spec.suspend ??= false
  for (const rule of spec.podFailurePolicy?.rules ?? []) {
    for (const pattern of rule?.onPodConditions ?? []) if (isPlainObject(pattern) && !pattern.status) pattern.status = 'True'
  }
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed'
  defaultPodTemplateSpec((spec.template ??= {}))
  if (!isPlainObject(job.status)) job.status = {}
}

const isManual = (job: any) => job?.spec?.manualSelector === true

/**
 * Fills the generated selector and template labels (upstream generateSelector). Runs during
 * validation, as upstream does, because only then are both the uid and a generated name known.
 */
export function generateJobSelector(job: any): void {
  if (isManual(job) || !isPlainObject(job?.spec)) return
  const uid = job.metadata?.uid ?? ''
  const name = job.metadata?.name ?? ''
  const template = (job.spec.template ??= {})
  if (!isPlainObject(template.metadata)) template.metadata = {}
  if (!isPlainObject(template.metadata.labels)) template.metadata.labels = {}
  const labels = template.metadata.labels
  for (const key of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) labels[key] ??= name
  for (const key of [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL]) labels[key] ??= uid
  if (!isPlainObject(job.spec.selector)) job.spec.selector = {}
  if (!isPlainObject(job.spec.selector.matchLabels)) job.spec.selector.matchLabels = {}
  job.spec.selector.matchLabels[CONTROLLER_UID_LABEL] ??= uid
}

/** A generated selector must be exactly `controller-uid=<uid>` and the template must carry the labels. */
function validateGeneratedSelector(job: any): FieldError[] {
  if (isManual(job)) return []
  const labels = job?.spec?.template?.metadata?.labels
  if (!isPlainObject(labels)) return [fieldRequired('spec.template.metadata.labels', '')]
  const sel = job.spec.selector
  if (!isPlainObject(sel)) return [fieldRequired('spec.selector', '')]
  const errs: FieldError[] = []
  const uid = job.metadata?.uid ?? ''
  const name = job.metadata?.name ?? ''
  const hasLabel = (key: string, expected: string) => {
    const path = `spec.template.metadata.labels[${key}]`
    if (!Object.hasOwn(labels, key)) errs.push(fieldRequired(path, expected))
    else if (labels[key] !== expected) errs.push(fieldInvalid(path, labels, `must be '${expected}'`))
  }
  hasLabel(LEGACY_CONTROLLER_UID_LABEL, uid)
  hasLabel(LEGACY_JOB_NAME_LABEL, name)
  hasLabel(CONTROLLER_UID_LABEL, uid)
  hasLabel(JOB_NAME_LABEL, name)
  if (!deepEqual(sel, { matchLabels: { [CONTROLLER_UID_LABEL]: uid } })) {
    errs.push(invalidRaw('spec.selector', goLabelSelector(sel), '`selector` not auto-generated'))
  }
  return errs
}

function validateJob(job: any): FieldError[] {
  generateJobSelector(job)
  // Upstream defaulting copies template labels onto a label-less job whenever the object is
  // decoded, including when it is read back from storage; doing it here stores the same result.
  defaultJob(job)
  const spec = job?.spec ?? {}
  const errs = validateGeneratedSelector(job)
  errs.push(...validateJobSpec(spec, 'spec'))
  if (spec.selector === undefined || spec.selector === null) errs.push(fieldRequired('spec.selector', ''))
  else errs.push(...validateLabelSelector(spec.selector, 'spec.selector'))
  errs.push(...validateSelectorMatchesTemplate(spec.selector, spec.template))
  return errs
}

function validateJobUpdate(job: any, old: any): FieldError[] {
  const spec = job?.spec ?? {}
  const oldSpec = old?.spec ?? {}
  const errs = [...immutable(spec.completions, oldSpec.completions, 'spec.completions')]
  if (!deepEqual(spec.selector ?? null, oldSpec.selector ?? null)) {
    errs.push(invalidRaw('spec.selector', goLabelSelector(spec.selector), 'field is immutable'))
  }
  // A suspended job that never ran may still change where its pods would be scheduled.
  const template = clone(spec.template ?? {})
  if (oldSpec.suspend === true && !old?.status?.startTime) {
    for (const k of SCHEDULING_DIRECTIVES) {
      if (oldSpec.template?.spec?.[k] === undefined) delete template.spec?.[k]
      else if (isPlainObject(template.spec)) template.spec[k] = clone(oldSpec.template.spec[k])
    }
    for (const k of ['labels', 'annotations'] as const) {
      if (oldSpec.template?.metadata?.[k] === undefined) delete template.metadata?.[k]
      else if (isPlainObject(template.metadata)) template.metadata[k] = clone(oldSpec.template.metadata[k])
    }
  }
  if (!deepEqual(template, oldSpec.template ?? {})) errs.push(fieldInvalid('spec.template', spec.template, 'field is immutable'))
  for (const k of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy']) {
    errs.push(...immutable(spec[k], oldSpec[k], `spec.${k}`))
  }
  return errs
}

const conditionTrue = (job: any, type: string) =>
  (Array.isArray(job?.status?.conditions) ? job.status.conditions : []).find((c: any) => c?.type === type)?.status === 'True'

/** Status cell of `kubectl get jobs`. */
export function jobStatus(job: any): string {
  if (conditionTrue(job, 'Complete')) return 'Complete'
  if (conditionTrue(job, 'Failed')) return 'Failed'
  if (job?.metadata?.deletionTimestamp) return 'Terminating'
  if (conditionTrue(job, 'Suspended')) return 'Suspended'
  if (conditionTrue(job, 'FailureTarget')) return 'FailureTarget'
  return 'Running'
}

/** `succeeded/completions`, or `n/1 of <parallelism>` for work-queue jobs. */
export function jobCompletions(job: any): string {
  const succeeded = job?.status?.succeeded ?? 0
  const completions = job?.spec?.completions
  if (completions !== undefined && completions !== null) return `${succeeded}/${completions}`
  const parallelism = job?.spec?.parallelism ?? 0
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`
}

/** Time from start to completion (or to now while running); empty before the job started. */
export function jobDuration(job: any, now: number): string {
  const start = Date.parse(job?.status?.startTime ?? '')
  if (Number.isNaN(start)) return ''
  const end = Date.parse(job?.status?.completionTime ?? '')
  return humanDuration((Number.isNaN(end) ? now : end) - start)
}

export const jobStrategy: Strategy = {
  info: resourceInfo({
    group: 'batch',
    version: 'v1',
    kind: 'Job',
    resource: 'jobs',
    categories: ['all'],
    subresources: { status: true },
  }),
  schemaName: 'io.k8s.api.batch.v1.Job',
  tracksGeneration: true,

  defaults: defaultJob,

  prepareForCreate(job) {
    job.status = {}
  },

  prepareForUpdate: keepOldStatus,

  validate: validateJob,

  validateUpdate: validateJobUpdate,

  generationChanged: (job, old) => !deepEqual(job?.spec ?? null, old?.spec ?? null),

  selectableFields: (job) => ({ 'status.successful': String(job?.status?.succeeded ?? 0) }),

  table: {
    columns: [
      NAME_COLUMN,
      column('Status', 'string', 'Status of the job.'),
      column('Completions', 'string', 'The number of pods which reached phase Succeeded.'),
      column('Duration', 'string', 'Time required to complete the job.'),
      AGE_COLUMN,
      CONTAINERS_COLUMN,
      IMAGES_COLUMN,
      column('Selector', 'string', 'A label query over pods that should match the pod count.', true),
    ],
    cells(job, now) {
      const [names, images] = containerCells(job?.spec?.template?.spec?.containers)
      return [
        job?.metadata?.name ?? '',
        jobStatus(job),
        jobCompletions(job),
        jobDuration(job, now),
        age(job, now),
        names,
        images,
        formatLabelSelector(job?.spec?.selector),
      ]
    },
  },
}
