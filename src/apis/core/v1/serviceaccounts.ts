/**
 * core/v1 ServiceAccounts. The `token` subresource (TokenRequest) has its own handler.
 */
import type { Strategy } from '../../../registry/strategy.js'
import { resourceInfo } from './resource-info.js'
import { AGE_COLUMN, NAME_COLUMN, age, column } from './table-helpers.js'

export const serviceAccountStrategy: Strategy = {
  info: resourceInfo({
    group: '',
    version: 'v1',
    kind: 'ServiceAccount',
    resource: 'serviceaccounts',
    shortNames: ['sa'],
    subresources: {
      other: [
        { name: 'token', verbs: ['create'], responseKind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' } },
      ],
    },
  }),
  schemaName: 'io.k8s.api.core.v1.ServiceAccount',
  returnDeletedObject: true,

  table: {
    columns: [
      NAME_COLUMN,
      column('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'),
      AGE_COLUMN,
    ],
    cells: (sa, now) => [sa?.metadata?.name ?? '', Array.isArray(sa?.secrets) ? sa.secrets.length : 0, age(sa, now)],
  },
}
