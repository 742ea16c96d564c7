/**
 * core/v1 Secrets: write-only stringData, typed-secret requirements, immutability.
 */
import { fieldRequired, fieldTooLong, type FieldError } from '../../../apimachinery/errors.js'
import { isPlainObject } from '../../../apimachinery/meta.js'
import type { Strategy } from '../../../registry/strategy.js'
import { immutable } from './field-checks.js'
import { MAX_DATA_BYTES, base64Bytes, sortedKeys, validateDataKeys, validateImmutableData } from './data-keys.js'
import { resourceInfo } from './resource-info.js'
import { AGE_COLUMN, NAME_COLUMN, age, column } from './table-helpers.js'

/**
 * Folds write-only stringData into data (UTF-8 bytes, base64-encoded; stringData wins per key)
 * and removes it, so it is never stored or returned.
 */
export function foldStringData(secret: any): void {
  if (!isPlainObject(secret) || secret.stringData === undefined) return
  const stringData = secret.stringData
  delete secret.stringData
  if (!isPlainObject(stringData) || Object.keys(stringData).length === 0) return
  if (!isPlainObject(secret.data)) secret.data = {}
  for (const [k, v] of Object.entries(stringData)) secret.data[k] = Buffer.from(String(v), 'utf8').toString('base64')
}

const has = (data: any, key: string) => isPlainObject(data) && Object.hasOwn(data, key)

/**
 * Go's json.Unmarshal error for a value that must decode into a JSON object, undefined when
 * it does. Syntax errors are approximated (Go reports the exact offending character).
 */
function jsonObjectError(b64: unknown): string | undefined {
  const text = Buffer.from(typeof b64 === 'string' ? b64 : '', 'base64').toString('utf8')
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    const body = text.trimStart()
    const first = body[0]
    if (first === undefined) return 'unexpected end of JSON input'
    if (!'{["-0123456789tfn'.includes(first)) return `invalid character '${first}' looking for beginning of value`
    const literal = { t: 'true', f: 'false', n: 'null' }[first]
    if (literal) {
      for (let i = 1; i < literal.length; i++) {
        if (body[i] === undefined) return 'unexpected end of JSON input'
        if (body[i] !== literal[i]) return `invalid character '${body[i]}' in literal ${literal} (expecting '${literal[i]}')`
      }
    }
    return 'unexpected end of JSON input'
  }
  if (v === null || isPlainObject(v)) return undefined
  const goType = Array.isArray(v) ? 'array' : typeof v === 'boolean' ? 'bool' : typeof v
  return `json: cannot unmarshal ${goType} into Go value of type map[string]interface {}`
}

function validateSecret(secret: any): FieldError[] {
  const data = secret?.data
  const errs = validateDataKeys(data, 'data')
  const total = sortedKeys(data).reduce((n, k) => n + base64Bytes(data[k]), 0)
  if (total > MAX_DATA_BYTES) errs.push(fieldTooLong('data', MAX_DATA_BYTES))
  const requireKey = (key: string) => {
    if (!has(data, key)) errs.push(fieldRequired(`data[${key}]`, ''))
  }
  switch (secret?.type) {
    case 'kubernetes.io/service-account-token':
      if (!secret?.metadata?.annotations?.['kubernetes.io/service-account.name']) {
        errs.push(fieldRequired('metadata.annotations[kubernetes.io/service-account.name]', ''))
      }
      break
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = secret.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson'
      if (!has(data, key)) {
        requireKey(key)
        break
      }
      const jsonErr = jsonObjectError(data[key])
      if (jsonErr) errs.push({ type: 'FieldValueInvalid', field: `data[${key}]`, value: '<secret contents redacted>', detail: jsonErr })
      break
    }
    case 'kubernetes.io/basic-auth':
      // Either may be empty, but one of the two must be present.
      if (!has(data, 'username') && !has(data, 'password')) {
        requireKey('username')
        requireKey('password')
      }
      break
    case 'kubernetes.io/ssh-auth':
      if (base64Bytes(data?.['ssh-privatekey']) === 0) errs.push(fieldRequired('data[ssh-privatekey]', ''))
      break
    case 'kubernetes.io/tls':
      requireKey('tls.crt')
      requireKey('tls.key')
      break
  }
  return errs
}

export const secretStrategy: Strategy = {
  info: resourceInfo({ group: '', version: 'v1', kind: 'Secret', resource: 'secrets' }),
  schemaName: 'io.k8s.api.core.v1.Secret',
  hasFieldLabelConversion: true,

  canonicalize: foldStringData,

  defaults(secret) {
    if (isPlainObject(secret) && !secret.type) secret.type = 'Opaque'
  },

  validate: validateSecret,

  validateUpdate: (secret, old) => [
    ...immutable(secret?.type, old?.type, 'type'),
    ...validateImmutableData(secret, old, ['data']),
  ],

  selectableFields: (secret) => ({ type: secret?.type ?? '' }),

  table: {
    columns: [
      NAME_COLUMN,
      column('Type', 'string', 'Used to facilitate programmatic handling of secret data.'),
      column('Data', 'string', 'Data contains the secret data.'),
      AGE_COLUMN,
    ],
    cells: (s, now) => [s?.metadata?.name ?? '', s?.type ?? '', sortedKeys(s?.data).length, age(s, now)],
  },
}
