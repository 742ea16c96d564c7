/**
 * Defaulting of PodSpec and everything inside it (upstream pkg/apis/core/v1/defaults.go and the
 * generated defaulters). Written once and used by Pods and by every pod template
 * (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob). All functions are idempotent.
 */
import { isPlainObject } from '../../../apimachinery/meta.js'

const DEFAULT_MODE = 420 // 0644, the default file mode of secret/configMap/downwardAPI/projected volumes

/** Pull policy upstream derives from the image reference: `:latest` or no tag → Always. */
export function defaultPullPolicy(image: unknown): 'Always' | 'IfNotPresent' {
  return imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent'
}

/**
 * The tag of an image reference, `latest` when it has neither tag nor digest, '' when it has
 * only a digest or does not parse (upstream ignores the parse error and keeps IfNotPresent).
 */
function imageTag(image: unknown): string {
  if (typeof image !== 'string' || image === '' || image !== image.trim()) return ''
  let ref = image
  let digest = ''
  const at = ref.indexOf('@')
  if (at >= 0) {
    digest = ref.slice(at + 1)
    ref = ref.slice(0, at)
  }
  const slash = ref.lastIndexOf('/')
  const colon = ref.lastIndexOf(':')
  let tag = ''
  if (colon > slash) {
    tag = ref.slice(colon + 1)
    ref = ref.slice(0, colon)
  }
  // The path after the registry host must be lower case; otherwise the reference is invalid.
  const firstSlash = ref.indexOf('/')
  const host = firstSlash >= 0 ? ref.slice(0, firstSlash) : ''
  const hostLike = host.includes('.') || host.includes(':') || host === 'localhost'
  const path = hostLike ? ref.slice(firstSlash + 1) : ref
  if (path === '' || path !== path.toLowerCase()) return ''
  if (tag !== '') return tag
  return digest !== '' ? '' : 'latest'
}

function defaultHttpGet(h: any): void {
  if (!isPlainObject(h)) return
  if (!h.path) h.path = '/'
  if (!h.scheme) h.scheme = 'HTTP'
}

function defaultHandler(h: any): void {
  if (!isPlainObject(h)) return
  defaultHttpGet(h.httpGet)
}

function defaultProbe(p: any): void {
  if (!isPlainObject(p)) return
  if (!p.timeoutSeconds) p.timeoutSeconds = 1
  if (!p.periodSeconds) p.periodSeconds = 10
  if (!p.successThreshold) p.successThreshold = 1
  if (!p.failureThreshold) p.failureThreshold = 3
  defaultHandler(p)
  if (isPlainObject(p.grpc) && p.grpc.service === undefined) p.grpc.service = ''
}

function defaultFieldRef(ref: any): void {
  if (isPlainObject(ref) && !ref.apiVersion) ref.apiVersion = 'v1'
}

/** Container defaults: pull policy, termination message, port protocols, probes, env fieldRefs. */
export function defaultContainer(c: any): void {
  if (!isPlainObject(c)) return
  if (!c.imagePullPolicy) c.imagePullPolicy = defaultPullPolicy(c.image)
  if (!c.terminationMessagePath) c.terminationMessagePath = '/dev/termination-log'
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = 'File'
  if (Array.isArray(c.ports)) for (const p of c.ports) if (isPlainObject(p) && !p.protocol) p.protocol = 'TCP'
  defaultProbe(c.livenessProbe)
  defaultProbe(c.readinessProbe)
  defaultProbe(c.startupProbe)
  if (isPlainObject(c.lifecycle)) {
    defaultHandler(c.lifecycle.postStart)
    defaultHandler(c.lifecycle.preStop)
  }
  if (Array.isArray(c.env)) for (const e of c.env) defaultFieldRef(e?.valueFrom?.fieldRef)
}

const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc',
  'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected',
  'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
] as const

/** The volume source keys a volume sets (normally exactly one). */
export function volumeSources(v: any): string[] {
  return VOLUME_SOURCES.filter((k) => v?.[k] !== undefined && v?.[k] !== null)
}

function defaultVolume(v: any): void {
  if (!isPlainObject(v)) return
  if (volumeSources(v).length === 0) v.emptyDir = {}
  for (const k of ['secret', 'configMap', 'downwardAPI', 'projected'] as const) {
    if (isPlainObject(v[k]) && v[k].defaultMode === undefined) v[k].defaultMode = DEFAULT_MODE
  }
  for (const item of v.downwardAPI?.items ?? []) defaultFieldRef(item?.fieldRef)
  for (const src of v.projected?.sources ?? []) {
    if (isPlainObject(src?.serviceAccountToken) && src.serviceAccountToken.expirationSeconds === undefined) {
      src.serviceAccountToken.expirationSeconds = 3600
    }
    for (const item of src?.downwardAPI?.items ?? []) defaultFieldRef(item?.fieldRef)
  }
  if (isPlainObject(v.hostPath) && v.hostPath.type === undefined) v.hostPath.type = ''
  if (isPlainObject(v.iscsi) && !v.iscsi.iscsiInterface) v.iscsi.iscsiInterface = 'default'
  if (isPlainObject(v.azureDisk)) {
    v.azureDisk.cachingMode ??= 'ReadWrite'
    v.azureDisk.kind ??= 'Shared'
    v.azureDisk.fsType ??= 'ext4'
    v.azureDisk.readOnly ??= false
  }
  const claimSpec = v.ephemeral?.volumeClaimTemplate?.spec
  if (isPlainObject(claimSpec) && claimSpec.volumeMode === undefined) claimSpec.volumeMode = 'Filesystem'
}

/**
 * PodSpec defaults shared by Pods and pod templates: restart and DNS policy, scheduler, grace
 * period, an empty pod securityContext, and per-container and per-volume defaults.
 * `serviceAccount` mirrors `serviceAccountName` (the v1 alias; the new field wins).
 */
export function defaultPodSpec(spec: any): void {
  if (!isPlainObject(spec)) return
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst'
  if (!spec.restartPolicy) spec.restartPolicy = 'Always'
  if (spec.securityContext === undefined || spec.securityContext === null) spec.securityContext = {}
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) {
    spec.terminationGracePeriodSeconds = 30
  }
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler'
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName
  for (const list of [spec.containers, spec.initContainers, spec.ephemeralContainers]) {
    if (Array.isArray(list)) for (const c of list) defaultContainer(c)
  }
  if (Array.isArray(spec.volumes)) for (const v of spec.volumes) defaultVolume(v)
}

/**
 * Pod template defaults. The template's metadata carries `creationTimestamp: null`, as upstream
 * serialises the zero time of an embedded ObjectMeta.
 */
export function defaultPodTemplateSpec(template: any): void {
  if (!isPlainObject(template)) return
  if (!isPlainObject(template.metadata)) template.metadata = {}
  if (!('creationTimestamp' in template.metadata)) template.metadata.creationTimestamp = null
  if (!isPlainObject(template.spec)) template.spec = {}
  defaultPodSpec(template.spec)
}

const DEFAULT_TOLERATIONS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']

/**
 * Defaults only a Pod gets (not a template): requests copied from limits, service links,
 * host-network ports, and what upstream's admission plugins add to every pod — the `default`
 * service account, priority 0 with PreemptLowerPriority, and 300 s NoExecute tolerations for
 * not-ready and unreachable nodes.
 */
export function defaultPod(pod: any): void {
  if (!isPlainObject(pod)) return
  if (!isPlainObject(pod.spec)) pod.spec = {}
  const spec = pod.spec
  defaultPodSpec(spec)
  for (const list of [spec.containers, spec.initContainers]) {
    if (!Array.isArray(list)) continue
    for (const c of list) {
      const limits = c?.resources?.limits
      if (!isPlainObject(limits)) continue
      if (!isPlainObject(c.resources.requests)) c.resources.requests = {}
      for (const [k, v] of Object.entries(limits)) if (!(k in c.resources.requests)) c.resources.requests[k] = v
    }
  }
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true
  if (spec.hostNetwork === true) {
    for (const list of [spec.containers, spec.initContainers]) {
      for (const c of Array.isArray(list) ? list : []) {
        for (const p of Array.isArray(c?.ports) ? c.ports : []) if (isPlainObject(p) && !p.hostPort) p.hostPort = p.containerPort
      }
    }
  }
  if (!spec.serviceAccountName) {
    spec.serviceAccountName = 'default'
    spec.serviceAccount = 'default'
  }
  if (spec.priority === undefined || spec.priority === null) spec.priority = 0
  if (!spec.preemptionPolicy) spec.preemptionPolicy = 'PreemptLowerPriority'
  addDefaultTolerations(spec)
}

function addDefaultTolerations(spec: any): void {
  const tolerations: any[] = Array.isArray(spec.tolerations) ? spec.tolerations : []
  const tolerates = (key: string) =>
    tolerations.some((t) => (!t?.key || t.key === key) && (!t?.effect || t.effect === 'NoExecute'))
  const added = DEFAULT_TOLERATIONS.filter((key) => !tolerates(key)).map((key) => ({
    key,
    operator: 'Exists',
    effect: 'NoExecute',
    tolerationSeconds: 300,
  }))
  if (added.length > 0) spec.tolerations = [...tolerations, ...added]
}
