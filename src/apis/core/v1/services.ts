/**
 * core/v1 Services.
 */
import { isPlainObject } from '../../../apimachinery/meta.js'
import type { Strategy } from '../../../registry/strategy.js'
import { keepOldStatus } from './keep-status.js'
import { coreSub, resourceInfo, VERBS_NO_DELETECOLLECTION } from './resource-info.js'
import { assignAddresses, carryAddresses } from './service-addresses.js'
import { externallyAccessible, validateService, validateServiceUpdate } from './service-validation.js'
import { AGE_COLUMN, NAME_COLUMN, age, column, formatLabels } from './table-helpers.js'

const DEFAULT_AFFINITY_TIMEOUT = 10800

const list = (v: unknown): any[] => (Array.isArray(v) ? v : [])

/** SetDefaults_Service, plus the always-present `status.loadBalancer`. */
function defaultService(svc: any): void {
  if (!isPlainObject(svc)) return
  if (!isPlainObject(svc.spec)) svc.spec = {}
  const spec = svc.spec
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None'
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig
  if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_AFFINITY_TIMEOUT } }
  }
  if (!spec.type) spec.type = 'ClusterIP'
  for (const p of list(spec.ports)) {
    if (!isPlainObject(p)) continue
    if (!p.protocol) p.protocol = 'TCP'
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port
  }
  if (externallyAccessible(svc) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster'
  if (!spec.internalTrafficPolicy && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type)) {
    spec.internalTrafficPolicy = 'Cluster'
  }
  if (spec.type === 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null) {
      spec.allocateLoadBalancerNodePorts = true
    }
    for (const ing of list(svc.status?.loadBalancer?.ingress)) if (isPlainObject(ing) && ing.ip && !ing.ipMode) ing.ipMode = 'VIP'
  }
  if (!isPlainObject(svc.status)) svc.status = {}
  if (!isPlainObject(svc.status.loadBalancer)) svc.status.loadBalancer = {}
}

/** External-IP cell (getServiceExternalIP); the server prints wide, so nothing is clipped. */
export function serviceExternalIP(svc: any): string {
  const spec = svc?.spec ?? {}
  const externalIPs: string[] = list(spec.externalIPs)
  switch (spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>'
    case 'LoadBalancer': {
      const lb = [...new Set(list(svc?.status?.loadBalancer?.ingress).map((i) => i?.ip || i?.hostname).filter(Boolean))].sort()
      if (externalIPs.length > 0) return [...lb, ...externalIPs].join(',')
      return lb.length > 0 ? lb.join(',') : '<pending>'
    }
    case 'ExternalName':
      return spec.externalName ?? ''
  }
  return '<unknown>'
}

/** `80/TCP,443:30443/TCP`, `<none>` without ports. */
export function servicePorts(svc: any): string {
  const text = list(svc?.spec?.ports)
    .map((p) => (p?.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p?.port}/${p?.protocol}`))
    .join(',')
  return text || '<none>'
}

export const serviceStrategy: Strategy = {
  info: resourceInfo({
    group: '',
    version: 'v1',
    kind: 'Service',
    resource: 'services',
    shortNames: ['svc'],
    categories: ['all'],
    verbs: VERBS_NO_DELETECOLLECTION,
    subresources: { status: true, other: [coreSub('proxy', ['create', 'delete', 'get', 'patch', 'update'], 'ServiceProxyOptions')] },
  }),
  schemaName: 'io.k8s.api.core.v1.Service',
  nameValidation: 'dns1035',
  returnDeletedObject: true,
  hasFieldLabelConversion: true,

  defaults: defaultService,

  prepareForCreate(svc) {
    delete svc.status
    defaultService(svc)
    assignAddresses(svc)
  },

  prepareForUpdate(svc, old) {
    keepOldStatus(svc, old)
    if (!isPlainObject(svc.spec)) svc.spec = {}
    carryAddresses(svc, old)
    // Policies that no longer apply to the new type go, unless the client changed them.
    const spec = svc.spec
    if (!externallyAccessible(svc) && externallyAccessible(old) && spec.externalTrafficPolicy === old?.spec?.externalTrafficPolicy) {
      delete spec.externalTrafficPolicy
    }
    if (spec.type === 'ExternalName' && spec.internalTrafficPolicy === old?.spec?.internalTrafficPolicy) {
      delete spec.internalTrafficPolicy
    }
    defaultService(svc)
  },

  validate: validateService,

  validateUpdate: validateServiceUpdate,

  selectableFields: (svc) => ({ 'spec.clusterIP': svc?.spec?.clusterIP ?? '', 'spec.type': svc?.spec?.type ?? '' }),

  table: {
    columns: [
      NAME_COLUMN,
      column('Type', 'string', 'type determines how the Service is exposed.'),
      column('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
      column('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
      column('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
      AGE_COLUMN,
      column('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', true),
    ],
    cells: (svc, now) => [
      svc?.metadata?.name ?? '',
      svc?.spec?.type ?? '',
      list(svc?.spec?.clusterIPs)[0] ?? '<none>',
      serviceExternalIP(svc),
      servicePorts(svc),
      age(svc, now),
      formatLabels(svc?.spec?.selector),
    ],
  },
}
