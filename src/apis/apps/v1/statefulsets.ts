/**
 * apps/v1 StatefulSets. Upstream validates only the labels and annotations of their pod
 * template, not its spec; that is kept.
 */
import { fieldForbidden, fieldInvalid, fieldNotSupported, fieldRequired, quote, type FieldError } from '../../../apimachinery/errors.js'
import { clone, deepEqual, isPlainObject } from '../../../apimachinery/meta.js'
import { validateAnnotations, validateLabels } from '../../../apimachinery/validation.js'
import type { Strategy } from '../../../registry/strategy.js'
import { nonNegative } from '../../core/v1/field-checks.js'
import { goIntOrString, invalidRaw } from '../../core/v1/go-format.js'
import { keepOldStatus } from '../../core/v1/keep-status.js'
import { defaultPodTemplateSpec } from '../../core/v1/pod-defaults.js'
import { resourceInfo } from '../../core/v1/resource-info.js'
import { AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN, age, column, containerCells, int } from '../../core/v1/table-helpers.js'
import {
  intOrPercentValue,
  nonNegativeFields,
  notMoreThan100Percent,
  validatePositiveIntOrPercent,
  validateRequiredSelector,
  validateSelectorMatchesTemplate,
} from './workload.js'

const RETENTION = ['Retain', 'Delete']

/** Spec fields an update may change; everything else is fixed at create. */
const MUTABLE_SPEC = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']

export const STATEFULSET_SPEC_FORBIDDEN =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"

function defaultStatefulSet(sts: any): void {
  if (!isPlainObject(sts)) return
  if (!isPlainObject(sts.spec)) sts.spec = {}
  const spec = sts.spec
  if (!spec.podManagementPolicy) spec.podManagementPolicy = 'OrderedReady'
  if (!isPlainObject(spec.updateStrategy)) spec.updateStrategy = {}
  if (!spec.updateStrategy.type) {
    spec.updateStrategy.type = 'RollingUpdate'
    if (!isPlainObject(spec.updateStrategy.rollingUpdate)) spec.updateStrategy.rollingUpdate = {}
  }
  if (spec.updateStrategy.type === 'RollingUpdate' && isPlainObject(spec.updateStrategy.rollingUpdate)) {
    spec.updateStrategy.rollingUpdate.partition ??= 0
  }
  if (!isPlainObject(spec.persistentVolumeClaimRetentionPolicy)) spec.persistentVolumeClaimRetentionPolicy = {}
  spec.persistentVolumeClaimRetentionPolicy.whenDeleted ||= 'Retain'
  spec.persistentVolumeClaimRetentionPolicy.whenScaled ||= 'Retain'
  spec.replicas ??= 1
  spec.revisionHistoryLimit ??= 10
  defaultPodTemplateSpec((spec.template ??= {}))
  for (const pvc of Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : []) {
    if (!isPlainObject(pvc)) continue
    pvc.apiVersion ??= 'v1'
    pvc.kind ??= 'PersistentVolumeClaim'
    if (!isPlainObject(pvc.metadata)) pvc.metadata = {}
    if (!('creationTimestamp' in pvc.metadata)) pvc.metadata.creationTimestamp = null
    if (!isPlainObject(pvc.spec)) pvc.spec = {}
    pvc.spec.volumeMode ??= 'Filesystem'
    if (!isPlainObject(pvc.status)) pvc.status = {}
    pvc.status.phase ||= 'Pending'
  }
  if (!isPlainObject(sts.status)) sts.status = {}
  sts.status.replicas ??= 0
  sts.status.availableReplicas ??= 0
}

function goRollingUpdate(ru: any): string {
  const max = ru?.maxUnavailable === undefined ? '(*intstr.IntOrString)(nil)' : `&${goIntOrString(ru.maxUnavailable)}`
  return `apps.RollingUpdateStatefulSetStrategy{Partition:${int(ru?.partition)}, MaxUnavailable:${max}}`
}

function validateUpdateStrategy(us: any): FieldError[] {
  const path = 'spec.updateStrategy'
  switch (us?.type) {
    case undefined:
    case '':
      return [fieldRequired(path, '')]
    case 'OnDelete':
      return us.rollingUpdate
        ? [invalidRaw(`${path}.rollingUpdate`, goRollingUpdate(us.rollingUpdate), "only allowed for updateStrategy 'RollingUpdate'")]
        : []
    case 'RollingUpdate': {
      const ru = us.rollingUpdate
      if (!isPlainObject(ru)) return []
      const p = `${path}.rollingUpdate`
      const errs = nonNegative(ru.partition, `${p}.partition`)
      if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) {
        errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`))
        if (intOrPercentValue(ru.maxUnavailable) === 0) errs.push(invalidRaw(`${p}.maxUnavailable`, goIntOrString(ru.maxUnavailable), 'cannot be 0'))
        errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`))
      }
      return errs
    }
    default:
      return [
        invalidRaw(
          path,
          `apps.StatefulSetUpdateStrategy{Type:${quote(String(us.type))}, RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}`,
          "must be 'RollingUpdate' or 'OnDelete'",
        ),
      ]
  }
}

function validateStatefulSet(sts: any): FieldError[] {
  const spec = sts?.spec ?? {}
  const errs: FieldError[] = []
  const pmp = spec.podManagementPolicy
  if (!pmp) errs.push(fieldRequired('spec.podManagementPolicy', ''))
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') {
    errs.push(fieldInvalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'"))
  }
  errs.push(...validateUpdateStrategy(spec.updateStrategy))
  const retention = spec.persistentVolumeClaimRetentionPolicy
  if (isPlainObject(retention)) {
    for (const k of ['whenDeleted', 'whenScaled'] as const) {
      if (!RETENTION.includes(retention[k])) {
        errs.push(fieldNotSupported(`spec.persistentVolumeClaimRetentionPolicy.${k}`, retention[k] ?? '', RETENTION))
      }
    }
  }
  errs.push(...nonNegativeFields(spec, ['replicas', 'minReadySeconds']))
  if (isPlainObject(spec.ordinals)) errs.push(...nonNegative(spec.ordinals.start, 'spec.ordinals.start'))
  errs.push(...validateRequiredSelector(spec.selector, 'statefulset', ''))
  errs.push(...validateSelectorMatchesTemplate(spec.selector, spec.template))
  errs.push(...validateLabels(spec.template?.metadata?.labels, 'spec.template.labels'))
  errs.push(...validateAnnotations(spec.template?.metadata?.annotations, 'spec.template.annotations'))
  const podSpec = spec.template?.spec
  if (podSpec?.restartPolicy !== 'Always') {
    errs.push(fieldNotSupported('spec.template.spec.restartPolicy', podSpec?.restartPolicy ?? '', ['Always']))
  }
  if (podSpec?.activeDeadlineSeconds !== undefined && podSpec?.activeDeadlineSeconds !== null) {
    errs.push(fieldForbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'))
  }
  return errs
}

function validateStatefulSetUpdate(sts: any, old: any): FieldError[] {
  const spec = clone(sts?.spec ?? {})
  const oldSpec = old?.spec ?? {}
  for (const k of MUTABLE_SPEC) {
    if (oldSpec[k] === undefined) delete spec[k]
    else spec[k] = oldSpec[k]
  }
  return deepEqual(spec, oldSpec) ? [] : [fieldForbidden('spec', STATEFULSET_SPEC_FORBIDDEN)]
}

export const statefulSetStrategy: Strategy = {
  info: resourceInfo({
    group: 'apps',
    version: 'v1',
    kind: 'StatefulSet',
    resource: 'statefulsets',
    shortNames: ['sts'],
    categories: ['all'],
    subresources: {
      status: true,
      scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' },
    },
  }),
  schemaName: 'io.k8s.api.apps.v1.StatefulSet',
  nameValidation: 'label',
  tracksGeneration: true,

  defaults: defaultStatefulSet,

  prepareForCreate(sts) {
    sts.status = { replicas: 0, availableReplicas: 0 }
  },

  prepareForUpdate: keepOldStatus,

  validate: validateStatefulSet,

  validateUpdate: validateStatefulSetUpdate,

  generationChanged: (sts, old) => !deepEqual(sts?.spec ?? null, old?.spec ?? null),

  table: {
    columns: [
      NAME_COLUMN,
      column('Ready', 'string', 'Number of the pod with ready state'),
      AGE_COLUMN,
      CONTAINERS_COLUMN,
      IMAGES_COLUMN,
    ],
    cells(sts, now) {
      const [names, images] = containerCells(sts?.spec?.template?.spec?.containers)
      return [sts?.metadata?.name ?? '', `${int(sts?.status?.readyReplicas)}/${int(sts?.spec?.replicas)}`, age(sts, now), names, images]
    },
  },
}
