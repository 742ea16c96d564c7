/**
 * core/v1 Endpoints.
 */
import { isIP } from 'node:net'
import { fieldInvalid, fieldNotSupported, fieldRequired, type FieldError } from '../../../apimachinery/errors.js'
import { isPlainObject } from '../../../apimachinery/meta.js'
import { isDNS1123Label } from '../../../apimachinery/validation.js'
import type { Strategy } from '../../../registry/strategy.js'
import { isValidPortNum } from './field-checks.js'
import { PORT_PROTOCOLS } from './pod-validation.js'
import { resourceInfo } from './resource-info.js'
import { AGE_COLUMN, NAME_COLUMN, age, column } from './table-helpers.js'

const list = (v: unknown): any[] => (Array.isArray(v) ? v : [])

const INVALID_IP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'

function validateEndpoints(ep: any): FieldError[] {
  const errs: FieldError[] = []
  list(ep?.subsets).forEach((ss, i) => {
    const p = `subsets[${i}]`
    if (list(ss?.addresses).length === 0 && list(ss?.notReadyAddresses).length === 0) {
      errs.push(fieldRequired(p, 'must specify `addresses` or `notReadyAddresses`'))
    }
    for (const key of ['addresses', 'notReadyAddresses'] as const) {
      list(ss?.[key]).forEach((a, j) => {
        const ip = String(a?.ip ?? '')
        if (isIP(ip) === 0) errs.push(fieldInvalid(`${p}.${key}[${j}].ip`, ip, INVALID_IP))
      })
    }
    const ports = list(ss?.ports)
    ports.forEach((port, j) => {
      const pp = `${p}.ports[${j}]`
      if (ports.length > 1 && !port?.name) errs.push(fieldRequired(`${pp}.name`, ''))
      else if (port?.name) for (const msg of isDNS1123Label(String(port.name))) errs.push(fieldInvalid(`${pp}.name`, port.name, msg))
      for (const msg of isValidPortNum(port?.port)) errs.push(fieldInvalid(`${pp}.port`, port?.port ?? 0, msg))
      if (!port?.protocol) errs.push(fieldRequired(`${pp}.protocol`, ''))
      else if (!PORT_PROTOCOLS.includes(port.protocol)) errs.push(fieldNotSupported(`${pp}.protocol`, port.protocol, PORT_PROTOCOLS))
    })
  })
  return errs
}

/** `ip:port,…` of the first three endpoints, then `+ N more...` (formatEndpoints). */
export function formatEndpoints(ep: any): string {
  const subsets = list(ep?.subsets)
  if (subsets.length === 0) return '<none>'
  const shown: string[] = []
  const max = 3
  let count = 0
  let more = false
  const add = (text: string) => {
    if (shown.length === max) more = true
    else shown.push(text)
  }
  for (const ss of subsets) {
    const addresses = list(ss?.addresses)
    const ports = list(ss?.ports)
    if (ports.length === 0) {
      // Headless services may have endpoints without ports.
      count += addresses.length
      for (const a of addresses) add(String(a?.ip ?? ''))
      continue
    }
    for (const port of ports) {
      count += addresses.length
      for (const a of addresses) {
        const ip = String(a?.ip ?? '')
        add(`${ip.includes(':') ? `[${ip}]` : ip}:${port?.port ?? 0}`)
      }
    }
  }
  const text = shown.join(',')
  return more ? `${text} + ${count - max} more...` : text
}

export const endpointsStrategy: Strategy = {
  info: resourceInfo({ group: '', version: 'v1', kind: 'Endpoints', resource: 'endpoints', shortNames: ['ep'] }),
  schemaName: 'io.k8s.api.core.v1.Endpoints',

  defaults(ep) {
    for (const ss of list(ep?.subsets)) for (const p of list(ss?.ports)) if (isPlainObject(p) && !p.protocol) p.protocol = 'TCP'
  },

  validate: validateEndpoints,

  table: {
    columns: [
      NAME_COLUMN,
      column('Endpoints', 'string', 'The set of all endpoints is the union of all subsets.'),
      AGE_COLUMN,
    ],
    cells: (ep, now) => [ep?.metadata?.name ?? '', formatEndpoints(ep), age(ep, now)],
  },
}
