/**
 * Service validation (upstream ValidateService / ValidateServiceUpdate subset): type, ports,
 * external names, cluster IPs, session affinity and traffic policies.
 */
import { isIP } from 'node:net'
import {
  fieldDuplicate,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  quote,
  type FieldError,
} from '../../../apimachinery/errors.js'
import { isDNS1123Label, isDNS1123Subdomain, validateLabels } from '../../../apimachinery/validation.js'
import { isValidPortName, isValidPortNum } from './field-checks.js'
import { goIntOrString } from './go-format.js'
import { PORT_PROTOCOLS } from './pod-validation.js'
import { NODE_PORT_MAX, NODE_PORT_MIN, isHeadless, needsClusterIP } from './service-addresses.js'

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']
const AFFINITIES = ['ClientIP', 'None']
const TRAFFIC_POLICIES = ['Cluster', 'Local']
const MAX_AFFINITY_TIMEOUT = 86400

const list = (v: unknown): any[] => (Array.isArray(v) ? v : [])

/** Externally reachable services are the ones an external traffic policy applies to. */
export const externallyAccessible = (svc: any) =>
  svc?.spec?.type === 'LoadBalancer' ||
  svc?.spec?.type === 'NodePort' ||
  (svc?.spec?.type === 'ClusterIP' && list(svc?.spec?.externalIPs).length > 0)

function validatePort(p: any, requireName: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = []
  if (requireName && !p?.name) errs.push(fieldRequired(`${path}.name`, ''))
  else if (p?.name) {
    for (const msg of isDNS1123Label(String(p.name))) errs.push(fieldInvalid(`${path}.name`, p.name, msg))
    if (names.has(p.name)) errs.push(fieldDuplicate(`${path}.name`, p.name))
    else names.add(p.name)
  }
  for (const msg of isValidPortNum(p?.port)) errs.push(fieldInvalid(`${path}.port`, p?.port ?? 0, msg))
  if (!p?.protocol) errs.push(fieldRequired(`${path}.protocol`, ''))
  else if (!PORT_PROTOCOLS.includes(p.protocol)) errs.push(fieldNotSupported(`${path}.protocol`, p.protocol, PORT_PROTOCOLS))
  const target = p?.targetPort
  if (typeof target === 'string') {
    for (const msg of isValidPortName(target)) errs.push(fieldInvalid(`${path}.targetPort`, target, msg))
  } else {
    for (const msg of isValidPortNum(target)) errs.push(fieldInvalid(`${path}.targetPort`, target ?? 0, msg))
  }
  return errs
}

/** Go's %#v of the (protocol, port) key upstream reports for duplicate service ports. */
function goServicePortKey(protocol: string, port: number): string {
  return `core.ServicePort{Name:"", Protocol:${quote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:${goIntOrString(0)}, NodePort:0}`
}

function validatePorts(svc: any): FieldError[] {
  const errs: FieldError[] = []
  const spec = svc.spec
  const ports = list(spec.ports)
  if (ports.length === 0 && !isHeadless(svc) && spec.type !== 'ExternalName') errs.push(fieldRequired('spec.ports', ''))
  const names = new Set<string>()
  ports.forEach((p, i) => errs.push(...validatePort(p, ports.length > 1, names, `spec.ports[${i}]`)))
  const nodePorts = new Set<string>()
  const keys = new Set<string>()
  ports.forEach((p, i) => {
    const path = `spec.ports[${i}]`
    const np = p?.nodePort
    if (np) {
      if (spec.type === 'ClusterIP') errs.push(fieldForbidden(`${path}.nodePort`, "may not be used when `type` is 'ClusterIP'"))
      else if (typeof np !== 'number' || np < NODE_PORT_MIN || np > NODE_PORT_MAX) {
        errs.push(
          fieldInvalid(
            `${path}.nodePort`,
            np,
            `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`,
          ),
        )
      }
      const key = `${p?.protocol}/${np}`
      if (nodePorts.has(key)) errs.push(fieldDuplicate(`${path}.nodePort`, np))
      nodePorts.add(key)
    }
    const key = `${p?.protocol}/${p?.port}`
    if (keys.has(key)) {
      errs.push({ type: 'FieldValueDuplicate', field: path, detail: goServicePortKey(String(p?.protocol ?? ''), Number(p?.port ?? 0)) })
    }
    keys.add(key)
  })
  return errs
}

function validateClusterIPs(svc: any): FieldError[] {
  const spec = svc.spec
  const errs: FieldError[] = []
  const ips = list(spec.clusterIPs)
  if (!needsClusterIP(svc)) {
    if (ips.length > 0 || spec.clusterIP) errs.push(fieldForbidden('spec.clusterIPs', 'may not be set for ExternalName services'))
    if (list(spec.ipFamilies).length > 0) errs.push(fieldForbidden('spec.ipFamilies', 'may not be set for ExternalName services'))
    if (spec.ipFamilyPolicy) errs.push(fieldForbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'))
    return errs
  }
  if (spec.clusterIP && ips.length > 0 && ips[0] !== spec.clusterIP) {
    errs.push(fieldInvalid('spec.clusterIPs', ips, 'must be empty or the first value must match spec.clusterIP'))
  }
  ips.forEach((ip, i) => {
    if (ip !== 'None' && isIP(String(ip)) === 0) {
      errs.push(fieldInvalid(`spec.clusterIPs[${i}]`, ip, "must be empty, 'None', or a valid IP address"))
    }
  })
  return errs
}

export function validateService(svc: any): FieldError[] {
  const spec = svc?.spec
  if (spec === null || typeof spec !== 'object') return [fieldRequired('spec', '')]
  const errs: FieldError[] = []
  if (!spec.type) errs.push(fieldRequired('spec.type', ''))
  else if (!SERVICE_TYPES.includes(spec.type)) errs.push(fieldNotSupported('spec.type', spec.type, SERVICE_TYPES))
  if (spec.type === 'ExternalName') {
    const cname = String(spec.externalName ?? '').replace(/\.$/, '')
    if (cname) for (const msg of isDNS1123Subdomain(cname)) errs.push(fieldInvalid('spec.externalName', cname, msg))
    else errs.push(fieldRequired('spec.externalName', ''))
  }
  errs.push(...validateClusterIPs(svc))
  errs.push(...validatePorts(svc))
  errs.push(...validateLabels(spec.selector, 'spec.selector'))
  if (!spec.sessionAffinity) errs.push(fieldRequired('spec.sessionAffinity', ''))
  else if (!AFFINITIES.includes(spec.sessionAffinity)) errs.push(fieldNotSupported('spec.sessionAffinity', spec.sessionAffinity, AFFINITIES))
  if (spec.sessionAffinity === 'ClientIP') {
    const timeout = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds
    if (typeof timeout !== 'number' || timeout <= 0 || timeout > MAX_AFFINITY_TIMEOUT) {
      errs.push(
        fieldInvalid(
          'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
          timeout ?? 0,
          `must be greater than 0 and less than ${MAX_AFFINITY_TIMEOUT}`,
        ),
      )
    }
  }
  const etp = spec.externalTrafficPolicy
  if (!externallyAccessible(svc)) {
    if (etp) errs.push(fieldInvalid('spec.externalTrafficPolicy', etp, 'may only be set for externally-accessible services'))
  } else if (!etp) errs.push(fieldRequired('spec.externalTrafficPolicy', ''))
  else if (!TRAFFIC_POLICIES.includes(etp)) errs.push(fieldNotSupported('spec.externalTrafficPolicy', etp, TRAFFIC_POLICIES))
  const itp = spec.internalTrafficPolicy
  if (itp && !TRAFFIC_POLICIES.includes(itp)) errs.push(fieldNotSupported('spec.internalTrafficPolicy', itp, TRAFFIC_POLICIES))
  list(spec.externalIPs).forEach((ip, i) => {
    if (isIP(String(ip)) === 0) errs.push(fieldInvalid(`spec.externalIPs[${i}]`, ip, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'))
  })
  return errs
}

/** The primary cluster IP may not change, except when switching to or from ExternalName. */
export function validateServiceUpdate(svc: any, old: any): FieldError[] {
  if (svc?.spec?.type === 'ExternalName' || old?.spec?.type === 'ExternalName') return []
  const oldIPs = list(old?.spec?.clusterIPs)
  const ips = list(svc?.spec?.clusterIPs)
  if (oldIPs.length > 0 && ips.length > 0 && ips[0] !== oldIPs[0]) {
    return [fieldInvalid('spec.clusterIPs[0]', ips, 'may not change once set')]
  }
  return []
}
