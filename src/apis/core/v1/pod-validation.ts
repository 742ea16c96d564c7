/**
 * PodSpec validation: the checks kubectl users run into (upstream pkg/apis/core/validation
 * ValidatePodSpec and friends), with upstream field paths and messages. Shared by Pods and all
 * pod templates. Resource quantities, affinity, security contexts and probes are not validated.
 */
import {
  fieldDuplicate,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  type FieldError,
} from '../../../apimachinery/errors.js'
import { isPlainObject } from '../../../apimachinery/meta.js'
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  validateAnnotations,
  validateLabels,
} from '../../../apimachinery/validation.js'
import { MAX_INT32, inclusiveRangeError, isValidPortName, isValidPortNum } from './field-checks.js'
import { volumeSources } from './pod-defaults.js'

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never']
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never']
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError']
export const PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP']

export interface PodValidationOptions {
  /** Pod templates skip the pod-only checks (image whitespace). */
  template?: boolean
}

const list = (v: unknown): any[] => (Array.isArray(v) ? v : [])

function validateVolumes(volumes: unknown, path: string): { names: Set<string>; errs: FieldError[] } {
  const names = new Set<string>()
  const errs: FieldError[] = []
  list(volumes).forEach((v, i) => {
    const p = `${path}[${i}]`
    const name = v?.name
    if (!name) errs.push(fieldRequired(`${p}.name`, ''))
    else {
      for (const msg of isDNS1123Label(String(name))) errs.push(fieldInvalid(`${p}.name`, name, msg))
      if (names.has(name)) errs.push(fieldDuplicate(`${p}.name`, name))
      else names.add(name)
    }
    const sources = volumeSources(v)
    if (sources.length === 0) errs.push(fieldRequired(p, 'must specify a volume type'))
    for (const extra of sources.slice(1)) errs.push(fieldForbidden(`${p}.${extra}`, 'may not specify more than 1 volume type'))
  })
  return { names, errs }
}

function validatePorts(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = []
  const names = new Set<string>()
  list(ports).forEach((port, i) => {
    const p = `${path}[${i}]`
    if (port?.name) {
      const msgs = isValidPortName(String(port.name))
      for (const msg of msgs) errs.push(fieldInvalid(`${p}.name`, port.name, msg))
      if (msgs.length === 0) {
        if (names.has(port.name)) errs.push(fieldDuplicate(`${p}.name`, port.name))
        else names.add(port.name)
      }
    }
    if (!port?.containerPort) errs.push(fieldRequired(`${p}.containerPort`, ''))
    else for (const msg of isValidPortNum(port.containerPort)) errs.push(fieldInvalid(`${p}.containerPort`, port.containerPort, msg))
    if (port?.hostPort) for (const msg of isValidPortNum(port.hostPort)) errs.push(fieldInvalid(`${p}.hostPort`, port.hostPort, msg))
    if (!port?.protocol) errs.push(fieldRequired(`${p}.protocol`, ''))
    else if (!PORT_PROTOCOLS.includes(port.protocol)) errs.push(fieldNotSupported(`${p}.protocol`, port.protocol, PORT_PROTOCOLS))
  })
  return errs
}

function validateVolumeMounts(mounts: unknown, volumes: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = []
  const mountPoints = new Set<string>()
  list(mounts).forEach((m, i) => {
    const p = `${path}[${i}]`
    if (!m?.name) errs.push(fieldRequired(`${p}.name`, ''))
    if (!volumes.has(m?.name)) errs.push({ type: 'FieldValueNotFound', field: `${p}.name`, value: m?.name ?? '' })
    if (!m?.mountPath) errs.push(fieldRequired(`${p}.mountPath`, ''))
    else if (mountPoints.has(m.mountPath)) errs.push(fieldInvalid(`${p}.mountPath`, m.mountPath, 'must be unique'))
    if (m?.mountPath) mountPoints.add(m.mountPath)
  })
  return errs
}

/** Checks every kind of container shares: name, image, policies, ports, env, mounts. */
function validateContainerCommon(c: any, volumes: Set<string>, path: string, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = []
  if (!c?.name) errs.push(fieldRequired(`${path}.name`, ''))
  else for (const msg of isDNS1123Label(String(c.name))) errs.push(fieldInvalid(`${path}.name`, c.name, msg))
  if (!c?.image) errs.push(fieldRequired(`${path}.image`, ''))
  else if (!opts.template && typeof c.image === 'string' && c.image !== c.image.trim()) {
    errs.push(fieldInvalid(`${path}.image`, c.image, 'must not have leading or trailing whitespace'))
  }
  const tmp = c?.terminationMessagePolicy
  if (!tmp) errs.push(fieldRequired(`${path}.terminationMessagePolicy`, ''))
  else if (!TERMINATION_MESSAGE_POLICIES.includes(tmp)) {
    errs.push(fieldNotSupported(`${path}.terminationMessagePolicy`, tmp, TERMINATION_MESSAGE_POLICIES))
  }
  errs.push(...validatePorts(c?.ports, `${path}.ports`))
  list(c?.env).forEach((e, i) => {
    if (!e?.name) errs.push(fieldRequired(`${path}.env[${i}].name`, ''))
  })
  errs.push(...validateVolumeMounts(c?.volumeMounts, volumes, `${path}.volumeMounts`))
  const pull = c?.imagePullPolicy
  if (!pull) errs.push(fieldRequired(`${path}.imagePullPolicy`, ''))
  else if (!PULL_POLICIES.includes(pull)) errs.push(fieldNotSupported(`${path}.imagePullPolicy`, pull, PULL_POLICIES))
  return errs
}

function validateContainers(containers: unknown, volumes: Set<string>, path: string, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = []
  const items = list(containers)
  if (items.length === 0) errs.push(fieldRequired(path, ''))
  const names = new Set<string>()
  items.forEach((c, i) => {
    const p = `${path}[${i}]`
    errs.push(...validateContainerCommon(c, volumes, p, opts))
    if (c?.name !== undefined) {
      if (names.has(c.name)) errs.push(fieldDuplicate(`${p}.name`, c.name))
      else names.add(c.name)
    }
    if (c?.restartPolicy !== undefined && c?.restartPolicy !== null) {
      errs.push(fieldForbidden(`${p}.restartPolicy`, 'may not be set for non-init containers'))
    }
  })
  return errs
}

function validateInitContainers(
  inits: unknown,
  containers: unknown,
  volumes: Set<string>,
  path: string,
  opts: PodValidationOptions,
): FieldError[] {
  const errs: FieldError[] = []
  const names = new Set<string>(list(containers).map((c) => c?.name))
  list(inits).forEach((c, i) => {
    const p = `${path}[${i}]`
    errs.push(...validateContainerCommon(c, volumes, p, opts))
    if (c?.name !== undefined) {
      if (names.has(c.name)) errs.push(fieldDuplicate(`${p}.name`, c.name))
      else names.add(c.name)
    }
    if (c?.restartPolicy !== undefined && c?.restartPolicy !== null && c.restartPolicy !== 'Always') {
      errs.push(fieldNotSupported(`${p}.restartPolicy`, c.restartPolicy, ['Always']))
    }
  })
  return errs
}

/** ValidatePodSpec subset. `path` is the spec's path: `spec` or `spec.template.spec`. */
export function validatePodSpec(spec: unknown, path: string, opts: PodValidationOptions = {}): FieldError[] {
  if (!isPlainObject(spec)) return [fieldRequired(path, '')]
  const { names: volumes, errs } = validateVolumes(spec.volumes, `${path}.volumes`)
  errs.push(...validateContainers(spec.containers, volumes, `${path}.containers`, opts))
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, volumes, `${path}.initContainers`, opts))
  if (!spec.restartPolicy) errs.push(fieldRequired(`${path}.restartPolicy`, ''))
  else if (!RESTART_POLICIES.includes(spec.restartPolicy)) {
    errs.push(fieldNotSupported(`${path}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES))
  }
  if (!spec.dnsPolicy) errs.push(fieldRequired(`${path}.dnsPolicy`, ''))
  else if (!DNS_POLICIES.includes(spec.dnsPolicy)) errs.push(fieldNotSupported(`${path}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES))
  errs.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`))
  if (spec.serviceAccountName) {
    for (const msg of isDNS1123Subdomain(String(spec.serviceAccountName))) {
      errs.push(fieldInvalid(`${path}.serviceAccountName`, spec.serviceAccountName, msg))
    }
  }
  if (spec.nodeName) {
    for (const msg of isDNS1123Subdomain(String(spec.nodeName))) errs.push(fieldInvalid(`${path}.nodeName`, spec.nodeName, msg))
  }
  const ads = spec.activeDeadlineSeconds
  if (ads !== undefined && ads !== null && (typeof ads !== 'number' || ads < 1 || ads > MAX_INT32)) {
    errs.push(fieldInvalid(`${path}.activeDeadlineSeconds`, ads, inclusiveRangeError(1, MAX_INT32)))
  }
  for (const key of ['hostname', 'subdomain'] as const) {
    if (spec[key]) for (const msg of isDNS1123Label(String(spec[key]))) errs.push(fieldInvalid(`${path}.${key}`, spec[key], msg))
  }
  return errs
}

/** ValidatePodTemplateSpec subset: template labels and annotations, then the spec. */
export function validatePodTemplateSpec(template: unknown, path: string): FieldError[] {
  if (!isPlainObject(template)) return [fieldRequired(path, '')]
  const errs: FieldError[] = []
  errs.push(...validateLabels(template.metadata?.labels, `${path}.labels`))
  errs.push(...validateAnnotations(template.metadata?.annotations, `${path}.annotations`))
  errs.push(...validatePodSpec(template.spec, `${path}.spec`, { template: true }))
  return errs
}
