/**
 * Namespace deletion (kube-api.md §11.7): once a namespace is marked for deletion, delete
 * everything in it, report what remains in its conditions, and when it is empty remove the
 * `kubernetes` finalizer through /finalize so the namespace itself goes.
 */
import { isNotFound } from '../apimachinery/errors.js'
import { deepEqual, rfc3339 } from '../apimachinery/meta.js'
import { SYSTEM_USER } from '../apimachinery/user.js'
import type { ResourceRegistry } from '../registry/registry.js'
import type { Store, WriteOptions } from '../registry/store.js'
import { Controller } from './runtime.js'

const opts = (version: string, subresource?: string): WriteOptions => ({
  user: SYSTEM_USER,
  version,
  fieldManager: 'namespace-controller',
  subresource,
})

export class NamespaceController {
  readonly controller: Controller

  constructor(
    private readonly namespaces: Store,
    private readonly registry: ResourceRegistry,
  ) {
    this.controller = new Controller('namespace', (key) => this.reconcile(key))
  }

  async start(): Promise<void> {
    await this.controller.watch(this.namespaces, (_t, ns) => (ns.metadata.deletionTimestamp ? [ns.metadata.name] : []))
  }

  stop(): void {
    this.controller.stop()
  }

  private async reconcile(name: string): Promise<void> {
    const ns = this.namespaces.getCached('', name)?.obj
    if (!ns?.metadata.deletionTimestamp) return
    let remaining = 0
    const withFinalizers: string[] = []
    for (const store of this.registry.stores()) {
      if (!store.namespaced) continue
      const page = await store.deps.cache.list(store.collectionPrefix(name))
      for (const c of page.items) {
        const obj = c.obj
        remaining++
        if (obj.metadata.deletionTimestamp) {
          for (const f of obj.metadata.finalizers ?? []) withFinalizers.push(`${f} in ${page.items.length} resource instances`)
          continue
        }
        try {
          await store.delete(name, obj.metadata.name, { propagationPolicy: 'Background' }, opts(store.info.version))
        } catch (err) {
          if (!isNotFound(err)) throw err
        }
      }
    }
    await this.reportConditions(name, remaining, withFinalizers)
    if (remaining > 0) {
      // Deleted objects leave the cache asynchronously (finalizers, GC); look again shortly.
      const left = await this.countRemaining(name)
      if (left > 0) throw new Error(`namespace ${name} still has ${left} objects`)
    }
    if (!(ns.spec?.finalizers ?? []).includes('kubernetes')) return
    await this.namespaces.guaranteedUpdate('', name, opts('v1', 'finalize'), undefined, (cur) => ({
      ...cur,
      spec: { ...cur.spec, finalizers: (cur.spec?.finalizers ?? []).filter((f: string) => f !== 'kubernetes') },
    }))
  }

  private async countRemaining(name: string): Promise<number> {
    let n = 0
    for (const store of this.registry.stores()) {
      if (store.namespaced) n += (await store.deps.cache.list(store.collectionPrefix(name))).items.length
    }
    return n
  }

  private async reportConditions(name: string, remaining: number, finalizers: string[]): Promise<void> {
    const now = rfc3339()
    const conditions = [
      { type: 'NamespaceDeletionDiscoveryFailure', status: 'False', lastTransitionTime: now, reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
      { type: 'NamespaceDeletionGroupVersionParsingFailure', status: 'False', lastTransitionTime: now, reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
      { type: 'NamespaceDeletionContentFailure', status: 'False', lastTransitionTime: now, reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
      remaining > 0
        ? { type: 'NamespaceContentRemaining', status: 'True', lastTransitionTime: now, reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${remaining} objects` }
        : { type: 'NamespaceContentRemaining', status: 'False', lastTransitionTime: now, reason: 'ContentRemoved', message: 'All content successfully removed' },
      finalizers.length > 0
        ? { type: 'NamespaceFinalizersRemaining', status: 'True', lastTransitionTime: now, reason: 'SomeFinalizersRemain', message: `Some content in the namespace has finalizers remaining: ${[...new Set(finalizers)].join(', ')}` }
        : { type: 'NamespaceFinalizersRemaining', status: 'False', lastTransitionTime: now, reason: 'ContentHasNoFinalizers', message: 'All content-preserving finalizers finished' },
    ]
    const strip = (cs: any[] | undefined) => (cs ?? []).map(({ lastTransitionTime: _t, ...rest }) => rest)
    const current = this.namespaces.getCached('', name)?.obj
    if (!current || deepEqual(strip(current.status?.conditions), strip(conditions))) return
    await this.namespaces.guaranteedUpdate('', name, opts('v1', 'status'), undefined, (cur) => ({
      ...cur,
      status: { ...cur.status, conditions },
    }))
  }
}
