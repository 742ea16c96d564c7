/**
 * batch/v1 CronJobs.
 */
import { fieldInvalid, fieldNotSupported, fieldRequired, type FieldError } from '../../../apimachinery/errors.js'
import { formatLabelSelector } from '../../../apimachinery/labels/selector.js'
import { deepEqual, isPlainObject } from '../../../apimachinery/meta.js'
import type { Strategy } from '../../../registry/strategy.js'
import { nonNegative } from '../../core/v1/field-checks.js'
import { goLabelSelector, invalidRaw } from '../../core/v1/go-format.js'
import { keepOldStatus } from '../../core/v1/keep-status.js'
import { defaultPodTemplateSpec } from '../../core/v1/pod-defaults.js'
import { resourceInfo } from '../../core/v1/resource-info.js'
import { AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN, age, column, containerCells } from '../../core/v1/table-helpers.js'
import { translateTimestampSince } from '../../../apimachinery/duration.js'
import { cronScheduleError } from './cron-schedule.js'
import { validateJobSpec } from './job-spec.js'

const CONCURRENCY_POLICIES = ['Allow', 'Forbid', 'Replace']

/** Jobs are named `<cronjob>-<11 characters>`, and job names are at most 63 characters. */
export const MAX_CRONJOB_NAME_LENGTH = 52

function defaultCronJob(cj: any): void {
  if (!isPlainObject(cj)) return
  if (!isPlainObject(cj.spec)) cj.spec = {}
  const spec = cj.spec
  if (!spec.concurrencyPolicy) spec.concurrencyPolicy = 'Allow'
  spec.suspend ??= false
  spec.successfulJobsHistoryLimit ??= 3
  spec.failedJobsHistoryLimit ??= 1
  if (!isPlainObject(spec.jobTemplate)) spec.jobTemplate = {}
  const jt = spec.jobTemplate
  if (!isPlainObject(jt.metadata)) jt.metadata = {}
  if (!('creationTimestamp' in jt.metadata)) jt.metadata.creationTimestamp = null
  if (!isPlainObject(jt.spec)) jt.spec = {}
  defaultPodTemplateSpec((jt.spec.template ??= {}))
  if (!isPlainObject(cj.status)) cj.status = {}
}

function validateTimeZone(tz: unknown): FieldError[] {
  if (tz === undefined || tz === null) return []
  const path = 'spec.timeZone'
  if (tz === '') return [fieldInvalid(path, tz, 'timeZone must be nil or non-empty string')]
  const text = typeof tz === 'string' ? tz : JSON.stringify(tz)
  const badPart = text.split('/').some((p) => p === '.' || p === '..' || p.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(p))
  if (badPart) return [fieldInvalid(path, text, `unknown time zone ${text}`)]
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: text })
  } catch {
    return [fieldInvalid(path, text, `unknown time zone ${text}`)]
  }
  return []
}

/**
 * Create-time rules. The Store runs them on updates too, so upstream's update-only leniency
 * (a TZ prefix kept from an older schedule) is not offered.
 */
function validateCronJobSpec(spec: any): FieldError[] {
  const errs: FieldError[] = []
  const schedule = spec?.schedule
  if (!schedule) errs.push(fieldRequired('spec.schedule', ''))
  else {
    const err = cronScheduleError(String(schedule))
    if (err) errs.push(fieldInvalid('spec.schedule', schedule, err))
    if (String(schedule).includes('TZ')) {
      errs.push(fieldInvalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'))
    }
  }
  errs.push(...nonNegative(spec?.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'))
  errs.push(...validateTimeZone(spec?.timeZone))
  const cp = spec?.concurrencyPolicy
  if (!cp) errs.push(fieldRequired('spec.concurrencyPolicy', ''))
  else if (!CONCURRENCY_POLICIES.includes(cp)) errs.push(fieldNotSupported('spec.concurrencyPolicy', cp, CONCURRENCY_POLICIES))
  const jobSpec = spec?.jobTemplate?.spec
  errs.push(...validateJobSpec(jobSpec, 'spec.jobTemplate.spec'))
  if (jobSpec?.selector != null) {
    errs.push(invalidRaw('spec.jobTemplate.spec.selector', goLabelSelector(jobSpec.selector), '`selector` will be auto-generated'))
  }
  if (jobSpec?.manualSelector === true) errs.push(fieldNotSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']))
  errs.push(...nonNegative(spec?.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'))
  errs.push(...nonNegative(spec?.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'))
  return errs
}

function validateCronJob(cj: any): FieldError[] {
  const errs = validateCronJobSpec(cj?.spec)
  const name: string = cj?.metadata?.name ?? ''
  if (name.length > MAX_CRONJOB_NAME_LENGTH) {
    errs.push(fieldInvalid('metadata.name', name, `must be no more than ${MAX_CRONJOB_NAME_LENGTH} characters`))
  }
  return errs
}

function suspendCell(v: unknown): string {
  if (v === undefined || v === null) return '<unset>'
  return v === true ? 'True' : 'False'
}

export const cronJobStrategy: Strategy = {
  info: resourceInfo({
    group: 'batch',
    version: 'v1',
    kind: 'CronJob',
    resource: 'cronjobs',
    shortNames: ['cj'],
    categories: ['all'],
    subresources: { status: true },
  }),
  schemaName: 'io.k8s.api.batch.v1.CronJob',
  tracksGeneration: true,

  defaults: defaultCronJob,

  prepareForCreate(cj) {
    cj.status = {}
  },

  prepareForUpdate: keepOldStatus,

  validate: validateCronJob,

  generationChanged: (cj, old) => !deepEqual(cj?.spec ?? null, old?.spec ?? null),

  table: {
    columns: [
      NAME_COLUMN,
      column('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
      column('Timezone', 'string', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
      column('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.'),
      column('Active', 'integer', 'A list of pointers to currently running jobs.'),
      column('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
      AGE_COLUMN,
      CONTAINERS_COLUMN,
      IMAGES_COLUMN,
      column('Selector', 'string', 'A label query over pods that should match the pod count.', true),
    ],
    cells(cj, now) {
      const spec = cj?.spec ?? {}
      const [names, images] = containerCells(spec.jobTemplate?.spec?.template?.spec?.containers)
      const last = cj?.status?.lastScheduleTime ? translateTimestampSince(cj.status.lastScheduleTime, now) : '<none>'
      return [
        cj?.metadata?.name ?? '',
        spec.schedule ?? '',
        spec.timeZone ?? '<none>',
        suspendCell(spec.suspend),
        Array.isArray(cj?.status?.active) ? cj.status.active.length : 0,
        last,
        age(cj, now),
        names,
        images,
        formatLabelSelector(spec.jobTemplate?.spec?.selector),
      ]
    },
  },
}
