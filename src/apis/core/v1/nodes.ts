/**
 * core/v1 Nodes. Their status is written by kubelets, also on create.
 */
import { fieldInvalid, fieldNotSupported, fieldRequired, type FieldError } from '../../../apimachinery/errors.js'
import { isPlainObject } from '../../../apimachinery/meta.js'
import { isQualifiedName } from '../../../apimachinery/validation.js'
import type { Strategy } from '../../../registry/strategy.js'
import { keepOldStatus } from './keep-status.js'
import { coreSub, resourceInfo } from './resource-info.js'
import { AGE_COLUMN, NAME_COLUMN, age, column } from './table-helpers.js'

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute']
const ROLE_PREFIX = 'node-role.kubernetes.io/'
const ROLE_LABEL = 'kubernetes.io/role'

const list = (v: unknown): any[] => (Array.isArray(v) ? v : [])

function validateNode(node: any): FieldError[] {
  const errs: FieldError[] = []
  list(node?.spec?.taints).forEach((t, i) => {
    const p = `spec.taints[${i}]`
    for (const msg of isQualifiedName(String(t?.key ?? ''))) errs.push(fieldInvalid(`${p}.key`, t?.key ?? '', msg))
    if (!t?.effect) errs.push(fieldRequired(`${p}.effect`, ''))
    else if (!TAINT_EFFECTS.includes(t.effect)) errs.push(fieldNotSupported(`${p}.effect`, t.effect, TAINT_EFFECTS))
  })
  return errs
}

/** `Ready`/`NotReady`/`Unknown`, plus `SchedulingDisabled` for cordoned nodes. */
export function nodeStatus(node: any): string {
  const ready = list(node?.status?.conditions).find((c) => c?.type === 'Ready')
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown']
  if (node?.spec?.unschedulable === true) parts.push('SchedulingDisabled')
  return parts.join(',')
}

/** Sorted roles from `node-role.kubernetes.io/<role>` keys and the `kubernetes.io/role` value. */
export function nodeRoles(node: any): string {
  const roles = new Set<string>()
  for (const [k, v] of Object.entries((node?.metadata?.labels ?? {}) as Record<string, string>)) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length)
      if (role) roles.add(role)
    } else if (k === ROLE_LABEL && v) roles.add(v)
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',')
}

const address = (node: any, type: string): string =>
  list(node?.status?.addresses).find((a) => a?.type === type)?.address ?? '<none>'

export const nodeStrategy: Strategy = {
  info: resourceInfo({
    group: '',
    version: 'v1',
    kind: 'Node',
    resource: 'nodes',
    scope: 'Cluster',
    shortNames: ['no'],
    subresources: { status: true, other: [coreSub('proxy', ['create', 'delete', 'get', 'patch', 'update'], 'NodeProxyOptions')] },
  }),
  schemaName: 'io.k8s.api.core.v1.Node',
  hasFieldLabelConversion: true,

  defaults(node) {
    const status = node?.status
    if (isPlainObject(status) && status.allocatable === undefined && isPlainObject(status.capacity)) {
      status.allocatable = { ...status.capacity }
    }
  },

  prepareForUpdate: keepOldStatus,

  validate: validateNode,

  selectableFields: (node) => ({ 'spec.unschedulable': String(node?.spec?.unschedulable === true) }),

  table: {
    columns: [
      NAME_COLUMN,
      column('Status', 'string', 'The status of the node'),
      column('Roles', 'string', 'The roles of the node'),
      AGE_COLUMN,
      column('Version', 'string', 'Kubelet Version reported by the node.'),
      column('Internal-IP', 'string', 'List of addresses reachable to the node.', true),
      column('External-IP', 'string', 'List of addresses reachable to the node.', true),
      column('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', true),
      column('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", true),
      column('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', true),
    ],
    cells(node, now) {
      const info = node?.status?.nodeInfo ?? {}
      return [
        node?.metadata?.name ?? '',
        nodeStatus(node),
        nodeRoles(node),
        age(node, now),
        info.kubeletVersion ?? '',
        address(node, 'InternalIP'),
        address(node, 'ExternalIP'),
        info.osImage || '<unknown>',
        info.kernelVersion || '<unknown>',
        info.containerRuntimeVersion || '<unknown>',
      ]
    },
  },
}
