/**
 * coordination.k8s.io/v1 Leases (leader election among controllers and replicas).
 */
import { fieldInvalid, type FieldError } from '../../../apimachinery/errors.js'
import type { Strategy } from '../../../registry/strategy.js'
import { resourceInfo } from '../../core/v1/resource-info.js'
import { AGE_COLUMN, NAME_COLUMN, age, column } from '../../core/v1/table-helpers.js'

function validateLease(lease: any): FieldError[] {
  const spec = lease?.spec ?? {}
  const errs: FieldError[] = []
  const duration = spec.leaseDurationSeconds
  if (duration !== undefined && duration !== null && !(typeof duration === 'number' && duration > 0)) {
    errs.push(fieldInvalid('spec.leaseDurationSeconds', duration, 'must be greater than 0'))
  }
  const transitions = spec.leaseTransitions
  if (transitions !== undefined && transitions !== null && !(typeof transitions === 'number' && transitions >= 0)) {
    errs.push(fieldInvalid('spec.leaseTransitions', transitions, 'must be greater than or equal to 0'))
  }
  return errs
}

export const leaseStrategy: Strategy = {
  info: resourceInfo({ group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', resource: 'leases' }),
  schemaName: 'io.k8s.api.coordination.v1.Lease',

  validate: validateLease,

  table: {
    columns: [
      NAME_COLUMN,
      column('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease.'),
      AGE_COLUMN,
    ],
    cells: (lease, now) => [lease?.metadata?.name ?? '', lease?.spec?.holderIdentity ?? '', age(lease, now)],
  },
}
