/**
 * Serves the custom resources of every CustomResourceDefinition: accepts its names, registers a
 * Store for its served versions, reports NamesAccepted/Established, and on deletion removes all
 * instances before releasing the cleanup finalizer (kube-api.md §14).
 */
import { deepEqual, rfc3339 } from '../apimachinery/meta.js'
import { SYSTEM_USER } from '../apimachinery/user.js'
import { isNotFound } from '../apimachinery/errors.js'
import { CRD_CLEANUP_FINALIZER } from '../apis/apiextensions/crd-strategy.js'
import { customResourceStrategy } from '../apis/apiextensions/custom-resource.js'
import type { ResourceRegistry } from '../registry/registry.js'
import { compareVersions } from '../registry/registry.js'
import { Store, type StoreDeps, type WriteOptions } from '../registry/store.js'
import { Controller } from './runtime.js'

const opts = (version = 'v1'): WriteOptions => ({ user: SYSTEM_USER, version, fieldManager: 'apiextensions-controller' })

function condition(type: string, status: string, reason: string, message: string, old: any[] | undefined): any {
  const prev = old?.find((c) => c.type === type)
  const lastTransitionTime = prev && prev.status === status ? prev.lastTransitionTime : rfc3339()
  return { type, status, lastTransitionTime, reason, message }
}

export class CrdController {
  readonly controller: Controller
  /** CRD name → the spec it is served with, to rebuild stores only on change. */
  private readonly served = new Map<string, any>()

  constructor(
    private readonly crds: Store,
    private readonly registry: ResourceRegistry,
    private readonly storeDeps: StoreDeps,
  ) {
    this.controller = new Controller('crd', (key) => this.reconcile(key))
  }

  async start(): Promise<void> {
    await this.controller.watch(this.crds)
  }

  stop(): void {
    this.controller.stop()
  }

  private async reconcile(name: string): Promise<void> {
    const cached = this.crds.getCached('', name)
    if (!cached) {
      this.unserve(name)
      return
    }
    const crd = cached.obj
    if (crd.metadata.deletionTimestamp) return this.finalize(crd)

    const conflict = this.nameConflict(crd)
    if (!conflict) this.serve(crd)
    const names = crd.spec.names
    const accepted = {
      plural: names.plural,
      singular: names.singular ?? String(names.kind).toLowerCase(),
      kind: names.kind,
      listKind: names.listKind ?? `${names.kind}List`,
      ...(names.shortNames ? { shortNames: names.shortNames } : {}),
      ...(names.categories ? { categories: names.categories } : {}),
    }
    const old = crd.status?.conditions
    const storage = crd.spec.versions.find((v: any) => v.storage)?.name
    const stored: string[] = [...(crd.status?.storedVersions ?? [])]
    if (storage && !stored.includes(storage)) stored.push(storage)
    const status = conflict
      ? {
          conditions: [
            condition('NamesAccepted', 'False', 'NotAccepted', conflict, old),
            condition('Established', 'False', 'NotAccepted', 'not all names are accepted', old),
          ],
          acceptedNames: crd.status?.acceptedNames ?? { plural: '', kind: '' },
          storedVersions: stored,
        }
      : {
          conditions: [
            condition('NamesAccepted', 'True', 'NoConflicts', 'no conflicts found', old),
            condition('Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted', old),
          ],
          acceptedNames: accepted,
          storedVersions: stored,
        }
    if (deepEqual(status, crd.status)) return
    await this.crds.guaranteedUpdate('', name, { ...opts(), subresource: 'status' }, undefined, (cur) => ({ ...cur, status }))
  }

  private nameConflict(crd: any): string | undefined {
    const { group } = crd.spec
    const { plural, kind } = crd.spec.names
    const existing = this.registry.storeFor(group, plural)
    if (existing && !existing.strategy.isCustomResource) return `"${plural}" is already in use`
    for (const [other, spec] of this.served) {
      if (other === crd.metadata.name || spec.group !== group) continue
      if (spec.names.kind === kind) return `"${kind}" is already in use`
    }
    return undefined
  }

  private serve(crd: any): void {
    const name = crd.metadata.name
    const previous = this.served.get(name)
    if (previous && deepEqual(previous, crd.spec)) return
    if (previous) this.registry.unregister(previous.group, previous.names.plural)
    const versions = crd.spec.versions
      .filter((v: any) => v.served)
      .map((v: any) => v.name)
      .sort(compareVersions)
    const store = new Store(customResourceStrategy(crd), this.storeDeps)
    this.registry.register(store, versions)
    this.served.set(name, structuredClone(crd.spec))
  }

  private unserve(name: string): void {
    const spec = this.served.get(name)
    if (!spec) return
    this.registry.unregister(spec.group, spec.names.plural)
    this.served.delete(name)
  }

  /** Deletes every instance, then drops the cleanup finalizer so the CRD itself goes. */
  private async finalize(crd: any): Promise<void> {
    const name = crd.metadata.name
    const finalizers: string[] = crd.metadata.finalizers ?? []
    if (!finalizers.includes(CRD_CLEANUP_FINALIZER)) return
    const terminating = (crd.status?.conditions ?? []).some((c: any) => c.type === 'Terminating' && c.status === 'True')
    if (!terminating) {
      await this.crds.guaranteedUpdate('', name, { ...opts(), subresource: 'status' }, undefined, (cur) => ({
        ...cur,
        status: {
          ...cur.status,
          conditions: [
            ...(cur.status?.conditions ?? []).filter((c: any) => c.type !== 'Terminating'),
            condition('Terminating', 'True', 'InstanceDeletionInProgress', 'CustomResource deletion is in progress', undefined),
          ],
        },
      }))
    }
    const store = this.registry.storeFor(crd.spec.group, crd.spec.names.plural)
    if (store) {
      const page = await store.deps.cache.list(store.prefix)
      for (const c of page.items) {
        try {
          await store.delete(c.obj.metadata.namespace ?? '', c.obj.metadata.name, {}, opts(store.info.version))
        } catch (err) {
          if (!isNotFound(err)) throw err
        }
      }
      const remaining = await store.deps.cache.list(store.prefix)
      if (remaining.items.length > 0) throw new Error(`${remaining.items.length} instances of ${name} remain`)
    }
    this.unserve(name)
    await this.crds.guaranteedUpdate('', name, opts(), undefined, (cur) => ({
      ...cur,
      metadata: { ...cur.metadata, finalizers: (cur.metadata.finalizers ?? []).filter((f: string) => f !== CRD_CLEANUP_FINALIZER) },
    }))
  }
}
