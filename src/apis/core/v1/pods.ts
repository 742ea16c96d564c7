/**
 * core/v1 Pods.
 */
import type { Strategy } from '../../../registry/strategy.js'
import { keepOldStatus } from './keep-status.js'
import { defaultPod } from './pod-defaults.js'
import { podQosClass } from './pod-qos.js'
import { podTable } from './pod-table.js'
import { validatePodSpecUpdate } from './pod-update.js'
import { validatePodSpec } from './pod-validation.js'
import { coreSub, resourceInfo } from './resource-info.js'

/** The condition upstream adds on create while scheduling gates remain. */
const SCHEDULING_GATED = {
  type: 'PodScheduled',
  status: 'False',
  reason: 'SchedulingGated',
  message: 'Scheduling is blocked due to non-empty scheduling gates',
}

export const podStrategy: Strategy = {
  info: resourceInfo({
    group: '',
    version: 'v1',
    kind: 'Pod',
    resource: 'pods',
    shortNames: ['po'],
    categories: ['all'],
    subresources: {
      status: true,
      other: [
        coreSub('attach', ['create', 'get'], 'PodAttachOptions'),
        coreSub('binding', ['create'], 'Binding'),
        coreSub('ephemeralcontainers', ['get', 'patch', 'update']),
        { name: 'eviction', verbs: ['create'], responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' } },
        coreSub('exec', ['create', 'get'], 'PodExecOptions'),
        coreSub('log', ['get']),
        coreSub('portforward', ['create', 'get'], 'PodPortForwardOptions'),
        coreSub('proxy', ['create', 'delete', 'get', 'patch', 'update'], 'PodProxyOptions'),
      ],
    },
  }),
  schemaName: 'io.k8s.api.core.v1.Pod',
  returnDeletedObject: true,
  hasFieldLabelConversion: true,

  defaults: defaultPod,

  prepareForCreate(pod) {
    // QoS needs the defaulted requests, so defaults run first (they are idempotent).
    defaultPod(pod)
    pod.status = { phase: 'Pending', qosClass: podQosClass(pod.spec) }
    if (Array.isArray(pod.spec?.schedulingGates) && pod.spec.schedulingGates.length > 0) {
      pod.status.conditions = [{ ...SCHEDULING_GATED }]
    }
  },

  prepareForUpdate: keepOldStatus,

  validate: (pod) => validatePodSpec(pod.spec, 'spec'),

  validateUpdate: (pod, old) => validatePodSpecUpdate(pod.spec, old.spec),

  selectableFields(pod) {
    const spec = pod.spec ?? {}
    const status = pod.status ?? {}
    return {
      'spec.nodeName': spec.nodeName ?? '',
      // Old clients select on spec.host, the former name of spec.nodeName.
      'spec.host': spec.nodeName ?? '',
      'spec.restartPolicy': spec.restartPolicy ?? '',
      'spec.schedulerName': spec.schedulerName ?? '',
      'spec.serviceAccountName': spec.serviceAccountName ?? '',
      'spec.hostNetwork': String(spec.hostNetwork === true),
      'status.phase': status.phase ?? '',
      'status.podIP': (Array.isArray(status.podIPs) && status.podIPs[0]?.ip) || '',
      'status.nominatedNodeName': status.nominatedNodeName ?? '',
    }
  },

  table: podTable,
}
