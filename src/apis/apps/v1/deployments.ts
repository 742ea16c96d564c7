/**
 * apps/v1 Deployments.
 */
import { fieldForbidden, fieldInvalid, fieldRequired, quote, type FieldError } from '../../../apimachinery/errors.js'
import { formatLabelSelector } from '../../../apimachinery/labels/selector.js'
import { deepEqual, isPlainObject } from '../../../apimachinery/meta.js'
import type { Strategy } from '../../../registry/strategy.js'
import { keepOldStatus } from '../../core/v1/keep-status.js'
import { defaultPodTemplateSpec } from '../../core/v1/pod-defaults.js'
import { resourceInfo } from '../../core/v1/resource-info.js'
import { AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN, age, column, containerCells, int } from '../../core/v1/table-helpers.js'
import { goIntOrString, invalidRaw } from '../../core/v1/go-format.js'
import {
  intOrPercentValue,
  nonNegativeFields,
  notMoreThan100Percent,
  validatePositiveIntOrPercent,
  validateRequiredSelector,
  validateRunningTemplate,
  validateSelectorImmutable,
  validateSelectorMatchesTemplate,
} from './workload.js'

function defaultDeployment(d: any): void {
  if (!isPlainObject(d)) return
  if (!isPlainObject(d.spec)) d.spec = {}
  const spec = d.spec
  spec.replicas ??= 1
  if (!isPlainObject(spec.strategy)) spec.strategy = {}
  if (!spec.strategy.type) spec.strategy.type = 'RollingUpdate'
  if (spec.strategy.type === 'RollingUpdate') {
    if (!isPlainObject(spec.strategy.rollingUpdate)) spec.strategy.rollingUpdate = {}
    spec.strategy.rollingUpdate.maxUnavailable ??= '25%'
    spec.strategy.rollingUpdate.maxSurge ??= '25%'
  }
  spec.revisionHistoryLimit ??= 10
  spec.progressDeadlineSeconds ??= 600
  defaultPodTemplateSpec((spec.template ??= {}))
  if (!isPlainObject(d.status)) d.status = {}
}

/** Go's %#v of a DeploymentStrategy, as upstream prints it for an unsupported type. */
function goStrategy(s: any): string {
  const ru = isPlainObject(s?.rollingUpdate)
    ? `&apps.RollingUpdateDeployment{MaxUnavailable:${goIntOrString(s.rollingUpdate.maxUnavailable)}, MaxSurge:${goIntOrString(s.rollingUpdate.maxSurge)}}`
    : '(*apps.RollingUpdateDeployment)(nil)'
  return `apps.DeploymentStrategy{Type:${quote(String(s?.type ?? ''))}, RollingUpdate:${ru}}`
}

function validateStrategy(strategy: any): FieldError[] {
  const path = 'spec.strategy'
  switch (strategy?.type) {
    case 'Recreate':
      return strategy.rollingUpdate
        ? [fieldForbidden(`${path}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'")]
        : []
    case 'RollingUpdate': {
      const ru = strategy.rollingUpdate
      if (!isPlainObject(ru)) return [fieldRequired(`${path}.rollingUpdate`, 'this should be defaulted and never be nil')]
      const p = `${path}.rollingUpdate`
      const errs = [
        ...validatePositiveIntOrPercent(ru.maxUnavailable, `${p}.maxUnavailable`),
        ...validatePositiveIntOrPercent(ru.maxSurge, `${p}.maxSurge`),
      ]
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(invalidRaw(`${p}.maxUnavailable`, goIntOrString(ru.maxUnavailable), 'may not be 0 when `maxSurge` is 0'))
      }
      errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${p}.maxUnavailable`))
      return errs
    }
    default:
      return [
        {
          type: 'FieldValueNotSupported',
          field: path,
          detail: `${goStrategy(strategy)}: supported values: "Recreate", "RollingUpdate"`,
        },
      ]
  }
}

function validateDeployment(d: any): FieldError[] {
  const spec = d?.spec ?? {}
  const errs = nonNegativeFields(spec, ['replicas'])
  errs.push(...validateRequiredSelector(spec.selector, 'deployment', 'invalid label selector'))
  errs.push(...validateSelectorMatchesTemplate(spec.selector, spec.template))
  errs.push(...validateRunningTemplate(spec.template, 'Deployment'))
  errs.push(...validateStrategy(spec.strategy))
  errs.push(...nonNegativeFields(spec, ['minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds']))
  const pds = spec.progressDeadlineSeconds
  if (typeof pds === 'number' && pds <= (spec.minReadySeconds ?? 0)) {
    errs.push(fieldInvalid('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'))
  }
  return errs
}

export const deploymentStrategy: Strategy = {
  info: resourceInfo({
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    resource: 'deployments',
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: {
      status: true,
      scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' },
    },
  }),
  schemaName: 'io.k8s.api.apps.v1.Deployment',
  tracksGeneration: true,

  defaults: defaultDeployment,

  prepareForCreate(d) {
    d.status = {}
  },

  prepareForUpdate: keepOldStatus,

  validate: validateDeployment,

  validateUpdate: (d, old) => validateSelectorImmutable(d?.spec?.selector, old?.spec?.selector),

  // Annotations count too: the controller copies them onto the ReplicaSets it creates. The
  // revision annotation does not: upstream's controller writes it through /status, which never
  // moves the generation; ours writes it through the main resource.
  generationChanged: (d, old) =>
    !deepEqual(d?.spec ?? null, old?.spec ?? null) ||
    !deepEqual(withoutRevision(d?.metadata?.annotations), withoutRevision(old?.metadata?.annotations)),

  table: {
    columns: [
      NAME_COLUMN,
      column('Ready', 'string', 'Number of the pod with ready state'),
      column('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
      column('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
      AGE_COLUMN,
      CONTAINERS_COLUMN,
      IMAGES_COLUMN,
      column('Selector', 'string', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', true),
    ],
    cells(d, now) {
      const status = d?.status ?? {}
      const [names, images] = containerCells(d?.spec?.template?.spec?.containers)
      return [
        d?.metadata?.name ?? '',
        `${int(status.readyReplicas)}/${int(d?.spec?.replicas)}`,
        int(status.updatedReplicas),
        int(status.availableReplicas),
        age(d, now),
        names,
        images,
        deploymentSelector(d?.spec?.selector),
      ]
    },
  },
}

/** The Deployment printer prints selector.String(): empty for an empty selector, `<invalid>` on error. */
function deploymentSelector(sel: unknown): string {
  const text = formatLabelSelector(sel as any)
  if (text === '<error>') return '<invalid>'
  return text === '<none>' ? '' : text
}

/** Annotations without the revision; none and empty compare equal. */
function withoutRevision(annotations: unknown): unknown {
  if (!isPlainObject(annotations)) return annotations ?? null
  const { 'deployment.kubernetes.io/revision': _r, ...rest } = annotations
  return Object.keys(rest).length ? rest : null
}
