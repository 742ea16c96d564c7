/**
 * JobSpec rules shared by Jobs and the job template of CronJobs: counts, completion mode, and
 * a pod template whose pods run to completion (restartPolicy OnFailure or Never).
 */
import { fieldNotSupported, fieldRequired, type FieldError } from '../../../apimachinery/errors.js'
import { isPlainObject } from '../../../apimachinery/meta.js'
import { nonNegative } from '../../core/v1/field-checks.js'
import { validatePodTemplateSpec } from '../../core/v1/pod-validation.js'

const COMPLETION_MODES = ['NonIndexed', 'Indexed']
const RESTART_POLICIES = ['OnFailure', 'Never']

/** validateJobSpec: everything but the selector. `path` is `spec` or `spec.jobTemplate.spec`. */
export function validateJobSpec(spec: any, path: string): FieldError[] {
  if (!isPlainObject(spec)) return [fieldRequired(path, '')]
  const errs: FieldError[] = []
  for (const k of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished']) {
    errs.push(...nonNegative(spec[k], `${path}.${k}`))
  }
  const mode = spec.completionMode
  if (mode !== undefined && mode !== null) {
    if (!COMPLETION_MODES.includes(mode)) errs.push(fieldNotSupported(`${path}.completionMode`, mode, COMPLETION_MODES))
    if (mode === 'Indexed' && (spec.completions === undefined || spec.completions === null)) {
      errs.push(fieldRequired(`${path}.completions`, 'when completion mode is Indexed'))
    }
  }
  errs.push(...validatePodTemplateSpec(spec.template, `${path}.template`))
  const restart = spec.template?.spec?.restartPolicy
  if (!RESTART_POLICIES.includes(restart)) {
    errs.push(fieldNotSupported(`${path}.template.spec.restartPolicy`, restart ?? '', RESTART_POLICIES))
  }
  return errs
}
