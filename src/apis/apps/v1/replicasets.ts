/**
 * apps/v1 ReplicaSets.
 */
import { deepEqual, isPlainObject } from '../../../apimachinery/meta.js'
import type { Strategy } from '../../../registry/strategy.js'
import { keepOldStatus } from '../../core/v1/keep-status.js'
import { defaultPodTemplateSpec } from '../../core/v1/pod-defaults.js'
import { resourceInfo } from '../../core/v1/resource-info.js'
import { AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN, NAME_COLUMN, age, column, int } from '../../core/v1/table-helpers.js'
import {
  nonNegativeFields,
  templateCells,
  validateRequiredSelector,
  validateRunningTemplate,
  validateSelectorImmutable,
  validateSelectorMatchesTemplate,
} from './workload.js'

function defaultReplicaSet(rs: any): void {
  if (!isPlainObject(rs)) return
  if (!isPlainObject(rs.spec)) rs.spec = {}
  rs.spec.replicas ??= 1
  defaultPodTemplateSpec((rs.spec.template ??= {}))
  if (!isPlainObject(rs.status)) rs.status = {}
  rs.status.replicas ??= 0
}

export const replicaSetStrategy: Strategy = {
  info: resourceInfo({
    group: 'apps',
    version: 'v1',
    kind: 'ReplicaSet',
    resource: 'replicasets',
    shortNames: ['rs'],
    categories: ['all'],
    subresources: {
      status: true,
      scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' },
    },
  }),
  schemaName: 'io.k8s.api.apps.v1.ReplicaSet',
  tracksGeneration: true,

  defaults: defaultReplicaSet,

  prepareForCreate(rs) {
    rs.status = { replicas: 0 }
  },

  prepareForUpdate: keepOldStatus,

  validate(rs) {
    const spec = rs?.spec ?? {}
    return [
      ...nonNegativeFields(spec, ['replicas', 'minReadySeconds']),
      // Upstream reuses the Deployment wording for ReplicaSets.
      ...validateRequiredSelector(spec.selector, 'deployment', 'invalid label selector'),
      ...validateSelectorMatchesTemplate(spec.selector, spec.template),
      ...validateRunningTemplate(spec.template, 'ReplicaSet'),
    ]
  },

  validateUpdate: (rs, old) => validateSelectorImmutable(rs?.spec?.selector, old?.spec?.selector),

  generationChanged: (rs, old) => !deepEqual(rs?.spec ?? null, old?.spec ?? null),

  table: {
    columns: [
      NAME_COLUMN,
      column('Desired', 'integer', 'Replicas is the number of desired pods.'),
      column('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
      column('Ready', 'integer', 'The number of ready replicas for this replica set.'),
      AGE_COLUMN,
      CONTAINERS_COLUMN,
      IMAGES_COLUMN,
      column('Selector', 'string', 'Selector is a label query over pods that should match the replica count.', true),
    ],
    cells: (rs, now) => [
      rs?.metadata?.name ?? '',
      int(rs?.spec?.replicas),
      int(rs?.status?.replicas),
      int(rs?.status?.readyReplicas),
      age(rs, now),
      ...templateCells(rs),
    ],
  },
}
