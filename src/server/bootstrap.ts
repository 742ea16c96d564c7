/**
 * What exists after the first start, created if missing on every start: the system namespaces,
 * the KubeSphere CRDs (updated when the shipped manifests change), the `host` Cluster, and the
 * built-in roles, bindings and system workspace of authorization (authz/bootstrap.ts).
 */
import { isAlreadyExists } from '../apimachinery/errors.js'
import { deepEqual } from '../apimachinery/meta.js'
import { SYSTEM_USER } from '../apimachinery/user.js'
import { kubesphereCrds } from '../apis/kubesphere/crds.js'
import { bootstrapAuthorization } from '../authz/bootstrap.js'
import type { CrdController } from '../controllers/crd-controller.js'
import type { ResourceRegistry } from '../registry/registry.js'
import type { Store, WriteOptions } from '../registry/store.js'

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'kubesphere-system']

const opts = (version: string): WriteOptions => ({ user: SYSTEM_USER, version, fieldManager: 'ks-apiserver' })

async function ensure(store: Store, namespace: string, obj: any): Promise<void> {
  if (store.getCached(namespace, obj.metadata.name)) return
  try {
    await store.create(namespace, obj, opts(store.info.version))
  } catch (err) {
    if (!isAlreadyExists(err)) throw err
  }
}

export async function bootstrap(registry: ResourceRegistry, crdController: CrdController): Promise<void> {
  const namespaces = registry.storeFor('', 'namespaces')!
  for (const name of SYSTEM_NAMESPACES) {
    await ensure(namespaces, '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } })
  }

  const crds = registry.storeFor('apiextensions.k8s.io', 'customresourcedefinitions')!
  for (const crd of kubesphereCrds()) {
    const current = crds.getCached('', crd.metadata.name)?.obj
    if (!current) await ensure(crds, '', crd)
    else if (!deepEqual(current.spec, { ...current.spec, ...crd.spec })) {
      await crds.guaranteedUpdate('', crd.metadata.name, opts('v1'), undefined, (cur) => ({ ...cur, spec: crd.spec }))
    }
  }
  await crdController.controller.whenIdle()

  const clusters = registry.storeFor('cluster.kubesphere.io', 'clusters')
  if (clusters) {
    await ensure(clusters, '', {
      apiVersion: 'cluster.kubesphere.io/v1alpha1',
      kind: 'Cluster',
      metadata: { name: 'host', labels: { 'cluster-role.kubesphere.io/host': '' } },
      spec: { provider: 'ks-apiserver', connection: { type: 'direct' } },
    })
  }

  await bootstrapAuthorization(registry)
}
