/**
 * apps/v1 DaemonSets. The deprecated `deprecated.daemonset.template.generation` annotation
 * counts template changes, as upstream's apps/v1 conversion exposes it.
 */
import { fieldRequired, quote, type FieldError } from '../../../apimachinery/errors.js'
import { deepEqual, isPlainObject } from '../../../apimachinery/meta.js'
import type { Strategy } from '../../../registry/strategy.js'
import { goIntOrString, invalidRaw } from '../../core/v1/go-format.js'
import { keepOldStatus } from '../../core/v1/keep-status.js'
import { defaultPodTemplateSpec } from '../../core/v1/pod-defaults.js'
import { resourceInfo } from '../../core/v1/resource-info.js'
import { AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN, age, column, formatLabels, int } from '../../core/v1/table-helpers.js'
import {
  intOrPercentValue,
  nonNegativeFields,
  notMoreThan100Percent,
  validatePositiveIntOrPercent,
  validateRequiredSelector,
  validateRunningTemplate,
  validateSelectorImmutable,
  validateSelectorMatchesTemplate,
  templateCells,
} from './workload.js'

export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation'

function defaultDaemonSet(ds: any): void {
  if (!isPlainObject(ds)) return
  if (!isPlainObject(ds.spec)) ds.spec = {}
  const spec = ds.spec
  if (!isPlainObject(spec.updateStrategy)) spec.updateStrategy = {}
  if (!spec.updateStrategy.type) spec.updateStrategy.type = 'RollingUpdate'
  if (spec.updateStrategy.type === 'RollingUpdate') {
    if (!isPlainObject(spec.updateStrategy.rollingUpdate)) spec.updateStrategy.rollingUpdate = {}
    spec.updateStrategy.rollingUpdate.maxUnavailable ??= 1
    spec.updateStrategy.rollingUpdate.maxSurge ??= 0
  }
  spec.revisionHistoryLimit ??= 10
  defaultPodTemplateSpec((spec.template ??= {}))
  if (!isPlainObject(ds.status)) ds.status = {}
  for (const k of ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady']) ds.status[k] ??= 0
}

function templateGeneration(ds: any): number {
  const n = Number.parseInt(ds?.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION] ?? '', 10)
  return Number.isFinite(n) ? n : 0
}

function setTemplateGeneration(ds: any, n: number): void {
  if (!isPlainObject(ds.metadata)) ds.metadata = {}
  if (!isPlainObject(ds.metadata.annotations)) ds.metadata.annotations = {}
  ds.metadata.annotations[TEMPLATE_GENERATION_ANNOTATION] = String(n)
}

function validateUpdateStrategy(us: any): FieldError[] {
  const path = 'spec.updateStrategy'
  switch (us?.type) {
    case 'OnDelete':
      return []
    case 'RollingUpdate': {
      const ru = us.rollingUpdate
      if (!isPlainObject(ru)) return [fieldRequired(`${path}.rollingUpdate`, '')]
      const p = `${path}.rollingUpdate`
      const errs = [
        ...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`),
        ...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`),
        ...notMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`),
        ...notMoreThan100Percent(ru.maxSurge, `${p}.maxSurge`),
      ]
      const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0
      const hasSurge = intOrPercentValue(ru.maxSurge) !== 0
      if (hasUnavailable && hasSurge) {
        errs.push(invalidRaw(`${p}.maxSurge`, goIntOrString(ru.maxSurge), 'may not be set when maxUnavailable is non-zero'))
      } else if (!hasUnavailable && !hasSurge) {
        errs.push(fieldRequired(`${p}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'))
      }
      return errs
    }
    default:
      return [
        {
          type: 'FieldValueNotSupported',
          field: path,
          detail: `apps.DaemonSetUpdateStrategy{Type:${quote(String(us?.type ?? ''))}, RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: "RollingUpdate", "OnDelete"`,
        },
      ]
  }
}

function validateDaemonSet(ds: any): FieldError[] {
  const spec = ds?.spec ?? {}
  const errs: FieldError[] = []
  // Unlike the other workloads, an absent selector is not reported as required; it selects
  // nothing, so the template check below reports it.
  if (spec.selector !== undefined && spec.selector !== null) {
    errs.push(...validateRequiredSelector(spec.selector, 'daemonset', 'invalid label selector'))
  }
  errs.push(...validateSelectorMatchesTemplate(spec.selector, spec.template))
  errs.push(...validateRunningTemplate(spec.template, 'DaemonSet'))
  errs.push(...nonNegativeFields(spec, ['minReadySeconds', 'revisionHistoryLimit']))
  errs.push(...validateUpdateStrategy(spec.updateStrategy))
  return errs
}

export const daemonSetStrategy: Strategy = {
  info: resourceInfo({
    group: 'apps',
    version: 'v1',
    kind: 'DaemonSet',
    resource: 'daemonsets',
    shortNames: ['ds'],
    categories: ['all'],
    subresources: { status: true },
  }),
  schemaName: 'io.k8s.api.apps.v1.DaemonSet',
  tracksGeneration: true,

  defaults: defaultDaemonSet,

  prepareForCreate(ds) {
    ds.status = {}
    setTemplateGeneration(ds, 1)
  },

  prepareForUpdate(ds, old) {
    keepOldStatus(ds, old)
    const previous = templateGeneration(old)
    const changed = !deepEqual(ds?.spec?.template ?? null, old?.spec?.template ?? null)
    setTemplateGeneration(ds, changed ? previous + 1 : previous)
  },

  validate: validateDaemonSet,

  validateUpdate: (ds, old) => validateSelectorImmutable(ds?.spec?.selector, old?.spec?.selector),

  generationChanged: (ds, old) => !deepEqual(ds?.spec ?? null, old?.spec ?? null),

  table: {
    columns: [
      NAME_COLUMN,
      column('Desired', 'integer', 'The total number of nodes that should be running the daemon pod.'),
      column('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
      column('Ready', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.'),
      column('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
      column('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.'),
      column('Node Selector', 'string', "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node."),
      AGE_COLUMN,
      CONTAINERS_COLUMN,
      IMAGES_COLUMN,
      column('Selector', 'string', 'A label query over pods that are managed by the daemon set.', true),
    ],
    cells(ds, now) {
      const s = ds?.status ?? {}
      return [
        ds?.metadata?.name ?? '',
        int(s.desiredNumberScheduled),
        int(s.currentNumberScheduled),
        int(s.numberReady),
        int(s.updatedNumberScheduled),
        int(s.numberAvailable),
        formatLabels(ds?.spec?.template?.spec?.nodeSelector),
        age(ds, now),
        ...templateCells(ds),
      ]
    },
  },
}

