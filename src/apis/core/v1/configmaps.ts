/**
 * core/v1 ConfigMaps.
 */
import { fieldInvalid, fieldTooLong, type FieldError } from '../../../apimachinery/errors.js'
import type { Strategy } from '../../../registry/strategy.js'
import { MAX_DATA_BYTES, base64Bytes, sortedKeys, utf8Bytes, validateDataKeys, validateImmutableData } from './data-keys.js'
import { resourceInfo } from './resource-info.js'
import { AGE_COLUMN, NAME_COLUMN, age, column } from './table-helpers.js'

function validateConfigMap(cm: any): FieldError[] {
  const data = cm?.data
  const binary = cm?.binaryData
  const errs: FieldError[] = []
  for (const key of sortedKeys(data)) {
    errs.push(...validateDataKeys({ [key]: '' }, 'data'))
    if (binary && typeof binary === 'object' && Object.hasOwn(binary, key)) {
      errs.push(fieldInvalid(`data[${key}]`, key, 'duplicate of key present in binaryData'))
    }
  }
  errs.push(...validateDataKeys(binary, 'binaryData'))
  const total =
    sortedKeys(data).reduce((n, k) => n + utf8Bytes(data[k]), 0) +
    sortedKeys(binary).reduce((n, k) => n + base64Bytes(binary[k]), 0)
  // Upstream reports the size on the whole object (an empty field path).
  if (total > MAX_DATA_BYTES) errs.push(fieldTooLong('', MAX_DATA_BYTES))
  return errs
}

export const configMapStrategy: Strategy = {
  info: resourceInfo({ group: '', version: 'v1', kind: 'ConfigMap', resource: 'configmaps', shortNames: ['cm'] }),
  schemaName: 'io.k8s.api.core.v1.ConfigMap',

  validate: validateConfigMap,

  validateUpdate: (cm, old) => validateImmutableData(cm, old, ['data', 'binaryData']),

  table: {
    columns: [NAME_COLUMN, column('Data', 'string', 'Data contains the configuration data.'), AGE_COLUMN],
    cells: (cm, now) => [
      cm?.metadata?.name ?? '',
      sortedKeys(cm?.data).length + sortedKeys(cm?.binaryData).length,
      age(cm, now),
    ],
  },
}
