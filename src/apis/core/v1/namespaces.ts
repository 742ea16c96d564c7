/**
 * core/v1 Namespaces. Deletion is two-phase (kube-api.md §11.7): the first DELETE marks the
 * namespace Terminating; it disappears once a controller has emptied it and removed the
 * `kubernetes` entry of spec.finalizers through the finalize subresource.
 */
import { fieldInvalid, newConflict, type FieldError } from '../../../apimachinery/errors.js'
import { clone, isPlainObject } from '../../../apimachinery/meta.js'
import { isQualifiedName } from '../../../apimachinery/validation.js'
import type { Strategy } from '../../../registry/strategy.js'
import { keepOldStatus } from './keep-status.js'
import { resourceInfo, VERBS_NO_DELETECOLLECTION } from './resource-info.js'
import { AGE_COLUMN, NAME_COLUMN, age, column } from './table-helpers.js'

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name'
export const KUBERNETES_FINALIZER = 'kubernetes'
const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion']

export const NAMESPACE_TERMINATING_MESSAGE =
  'The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.'

function defaultNamespace(ns: any): void {
  const name = ns?.metadata?.name
  if (typeof name === 'string' && name !== '') {
    if (!isPlainObject(ns.metadata.labels)) ns.metadata.labels = {}
    ns.metadata.labels[NAMESPACE_NAME_LABEL] = name
  }
  if (!isPlainObject(ns.status)) ns.status = {}
  if (!ns.status.phase) ns.status.phase = 'Active'
}

function validateFinalizers(ns: any): FieldError[] {
  const errs: FieldError[] = []
  const finalizers: unknown[] = Array.isArray(ns?.spec?.finalizers) ? ns.spec.finalizers : []
  for (const f of finalizers) {
    const name = String(f)
    // Upstream reports these on spec.finalizers itself, without an index.
    const msgs = isQualifiedName(name)
    for (const msg of msgs) errs.push(fieldInvalid('spec.finalizers', name, msg))
    if (!name.includes('/') && !STANDARD_FINALIZERS.includes(name)) {
      errs.push(fieldInvalid('spec.finalizers', name, 'name is neither a standard finalizer name nor is it fully qualified'))
    }
  }
  return errs
}

export const namespaceStrategy: Strategy = {
  info: resourceInfo({
    group: '',
    version: 'v1',
    kind: 'Namespace',
    resource: 'namespaces',
    scope: 'Cluster',
    shortNames: ['ns'],
    verbs: VERBS_NO_DELETECOLLECTION,
    subresources: { status: true, other: [{ name: 'finalize', verbs: ['update'] }] },
  }),
  schemaName: 'io.k8s.api.core.v1.Namespace',
  nameValidation: 'label',
  returnDeletedObject: true,
  hasFieldLabelConversion: true,

  // spec.finalizers is deliberately not defaulted: once the namespace controller removed
  // `kubernetes`, re-adding it on read would keep the namespace forever.
  defaults: defaultNamespace,

  prepareForCreate(ns) {
    ns.status = { phase: 'Active' }
    if (!isPlainObject(ns.spec)) ns.spec = {}
    const finalizers: string[] = Array.isArray(ns.spec.finalizers) ? ns.spec.finalizers : []
    if (!finalizers.includes(KUBERNETES_FINALIZER)) ns.spec.finalizers = [...finalizers, KUBERNETES_FINALIZER]
  },

  // Only the finalize subresource may change spec.finalizers; the Store serves it separately.
  prepareForUpdate(ns, old) {
    keepOldStatus(ns, old)
    if (!isPlainObject(ns.spec)) ns.spec = {}
    if (old?.spec?.finalizers === undefined) delete ns.spec.finalizers
    else ns.spec.finalizers = clone(old.spec.finalizers)
  },

  validate: validateFinalizers,

  hasPendingFinalizers: (ns) => Array.isArray(ns?.spec?.finalizers) && ns.spec.finalizers.length > 0,

  prepareForDelete(ns) {
    if (!isPlainObject(ns.status)) ns.status = {}
    ns.status.phase = 'Terminating'
  },

  onDeleteRepeated(ns) {
    // Only content removal (spec.finalizers) answers 409; metadata finalizers just wait.
    if (!(Array.isArray(ns?.spec?.finalizers) && ns.spec.finalizers.length > 0)) return
    throw newConflict({ group: '', resource: 'namespaces' }, ns?.metadata?.name ?? '', NAMESPACE_TERMINATING_MESSAGE)
  },

  selectableFields: (ns) => ({ 'status.phase': ns?.status?.phase ?? '' }),

  table: {
    columns: [NAME_COLUMN, column('Status', 'string', 'The status of the namespace'), AGE_COLUMN],
    cells: (ns, now) => [ns?.metadata?.name ?? '', ns?.status?.phase ?? '', age(ns, now)],
  },
}
