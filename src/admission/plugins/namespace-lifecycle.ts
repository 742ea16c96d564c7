/**
 * NamespaceLifecycle: nothing is created in a namespace that is missing or terminating, and the
 * namespaces the system needs cannot be deleted.
 */
import { newForbidden, newNotFound } from '../../apimachinery/errors.js'
import type { AdmissionPlugin } from '../interfaces.js'

const UNDELETABLE = new Set(['default', 'kube-system', 'kube-public'])

export const namespaceLifecycle: AdmissionPlugin = {
  name: 'NamespaceLifecycle',
  handles: (op) => op === 'CREATE' || op === 'DELETE',
  validate(a) {
    const gr = { group: a.info.group, resource: a.info.resource }
    if (a.operation === 'DELETE') {
      if (a.info.group === '' && a.info.resource === 'namespaces' && !a.subresource && UNDELETABLE.has(a.name)) {
        throw newForbidden(gr, a.name, 'this namespace may not be deleted')
      }
      return
    }
    if (a.info.scope !== 'Namespaced' || !a.namespace) return
    // Subresource creates (serviceaccounts/token, pods/eviction) act on existing objects.
    if (a.subresource) return
    const ns = a.reader.get('', 'namespaces', '', a.namespace)
    if (!ns) throw newNotFound({ group: '', resource: 'namespaces' }, a.namespace)
    if (ns.metadata?.deletionTimestamp || ns.status?.phase === 'Terminating') {
      throw newForbidden(
        gr,
        a.name,
        `unable to create new content in namespace ${a.namespace} because it is being terminated`,
        [{ reason: 'NamespaceTerminating', message: `namespace ${a.namespace} is being terminated`, field: 'metadata.namespace' }],
      )
    }
  },
}
