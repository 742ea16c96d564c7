/**
 * The KubeSphere ServiceAccount pod injector (serviceaccount.md §4), in process instead of a
 * webhook: on Pod CREATE, a pod annotated `kubesphere.io/serviceaccount-name: <n>` gets the
 * projected volume `kubesphere-service-account` with the `token` of ServiceAccount <n>'s first
 * secret (plus the CA ConfigMap in TLS mode), mounted read-only at
 * /var/run/secrets/kubesphere.io/serviceaccount in every container and init container
 * (ephemeral containers are left alone). The pod is then defaulted again, which gives the
 * volume `defaultMode: 420`.
 *
 * Rejections read as upstream's webhook denials (`admission webhook
 * "serviceaccount-pod-injector.kubesphere.io" denied the request: …`): 404 when the
 * ServiceAccount or its secret is missing, 500 when the ServiceAccount has no secret yet.
 * Upstream's failurePolicy is Ignore, so an unexpected failure inside the plugin admits the pod
 * unchanged. In TLS mode a missing CA ConfigMap is created from
 * kubesphere-system/ks-apiserver-tls-certs, except on dry runs.
 */
import { isAlreadyExists, isApiError, newWebhookDenied, quote } from '../../apimachinery/errors.js'
import { clone, isPlainObject } from '../../apimachinery/meta.js'
import {
  POD_SA_ANNOTATION,
  SA_CA_CONFIGMAP,
  SA_CA_KEY,
  SA_CA_SOURCE_NAMESPACE,
  SA_CA_SOURCE_SECRET,
  SA_GROUP,
  SA_INJECTOR_WEBHOOK,
  SA_MOUNT_PATH,
  SA_RESOURCE,
  SA_TOKEN_KEY,
  SA_VOLUME_NAME,
} from '../../apis/kubesphere/serviceaccount.js'
import { logger } from '../../observability/logger.js'
import type { AdmissionAttributes, AdmissionPlugin, ObjectReader } from '../interfaces.js'

export interface InjectorOptions {
  /** Defaulting run on the pod after injection (the Pod strategy's `defaults`). */
  redefault?: (pod: any) => void
  /** TLS mode: also project the CA; `createConfigMap` writes the ConfigMap when it is missing. */
  tls?: { createConfigMap: (namespace: string, body: any) => Promise<void> }
}

const deny = (code: number, text: string) => newWebhookDenied(SA_INJECTOR_WEBHOOK, code, text)

/** The sources of the projected volume; throws the webhook's denial when something is missing. */
async function volumeSources(a: AdmissionAttributes, saName: string, opts: InjectorOptions): Promise<any[]> {
  const reader: ObjectReader = a.reader
  const sa = reader.get(SA_GROUP, SA_RESOURCE, a.namespace, saName)
  if (!sa) throw deny(404, `ServiceAccount.kubesphere.io ${quote(saName)} not found`)
  const secrets: any[] = Array.isArray(sa.secrets) ? sa.secrets : []
  if (secrets.length === 0) throw deny(500, `can not find any token in service account: ${saName}`)
  const secretName: string = secrets[0]?.name ?? ''
  if (!reader.get('', 'secrets', a.namespace, secretName))
    throw deny(404, `Secret ${quote(secretName)} not found`)
  const sources: any[] = [
    { secret: { name: secretName, items: [{ key: SA_TOKEN_KEY, path: SA_TOKEN_KEY }] } },
  ]
  if (opts.tls) {
    await ensureCaConfigMap(a, opts.tls.createConfigMap)
    sources.push({ configMap: { name: SA_CA_CONFIGMAP, items: [{ key: SA_CA_KEY, path: SA_CA_KEY }] } })
  }
  return sources
}

async function ensureCaConfigMap(
  a: AdmissionAttributes,
  create: (namespace: string, body: any) => Promise<void>,
): Promise<void> {
  if (a.reader.get('', 'configmaps', a.namespace, SA_CA_CONFIGMAP)) return
  const source = a.reader.get('', 'secrets', SA_CA_SOURCE_NAMESPACE, SA_CA_SOURCE_SECRET)
  if (!source) throw deny(404, `Secret ${quote(SA_CA_SOURCE_SECRET)} not found`)
  if (a.dryRun) return
  try {
    await create(a.namespace, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: SA_CA_CONFIGMAP, namespace: a.namespace },
      binaryData: { [SA_CA_KEY]: source.data?.[SA_CA_KEY] ?? '' },
    })
  } catch (err) {
    // Another pod's admission created it meanwhile: fine.
    if (isAlreadyExists(err)) return
    throw deny(500, err instanceof Error ? err.message : String(err))
  }
}

/** Adds the volume and the mounts to a copy of the pod spec. */
export function injectedSpec(spec: any, sources: any[]): any {
  const out = isPlainObject(spec) ? clone(spec) : {}
  out.volumes = [
    ...(Array.isArray(out.volumes) ? out.volumes : []),
    { name: SA_VOLUME_NAME, projected: { sources } },
  ]
  const mount = { name: SA_VOLUME_NAME, mountPath: SA_MOUNT_PATH, readOnly: true }
  for (const key of ['containers', 'initContainers'] as const) {
    if (!Array.isArray(out[key])) continue
    for (const c of out[key]) {
      if (!isPlainObject(c)) continue
      c.volumeMounts = [...(Array.isArray(c.volumeMounts) ? c.volumeMounts : []), { ...mount }]
    }
  }
  return out
}

export function serviceAccountInjector(opts: InjectorOptions = {}): AdmissionPlugin {
  return {
    name: 'KubeSphereServiceAccountInjector',
    handles: (op) => op === 'CREATE',
    async admit(a) {
      if (a.info.group !== '' || a.info.resource !== 'pods' || a.subresource) return
      const pod = a.object
      const saName = pod?.metadata?.annotations?.[POD_SA_ANNOTATION]
      if (typeof saName !== 'string' || saName === '') return
      let spec: any
      try {
        spec = injectedSpec(pod.spec, await volumeSources(a, saName, opts))
      } catch (err) {
        if (isApiError(err)) throw err
        logger.warn(
          { err: (err as Error).message, pod: a.name },
          'service account injector failed; admitting the pod unchanged',
        )
        return
      }
      pod.spec = spec
      opts.redefault?.(pod)
    },
  }
}
