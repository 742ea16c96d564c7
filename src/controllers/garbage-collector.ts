/**
 * Garbage collection by ownerReferences (kube-api.md §11.8): dependents whose owners are all
 * gone are deleted; an owner being deleted with the `foregroundDeletion` finalizer loses it once
 * its dependents are gone; with `orphan` its dependents lose their reference to it first.
 */
import { isNotFound } from '../apimachinery/errors.js'
import { SYSTEM_USER } from '../apimachinery/user.js'
import type { ResourceRegistry } from '../registry/registry.js'
import type { Store, WriteOptions } from '../registry/store.js'
import { Controller, inform } from './runtime.js'

interface Ref {
  store: Store
  namespace: string
  name: string
}

const opts = (store: Store): WriteOptions => ({ user: SYSTEM_USER, version: store.info.version, fieldManager: 'garbage-collector' })

export class GarbageCollector {
  readonly controller: Controller
  /** uid → where the object lives. */
  private readonly objects = new Map<string, Ref>()
  /** owner uid → uids of its dependents. */
  private readonly dependents = new Map<string, Set<string>>()
  /** dependent uid → owner uids it references. */
  private readonly owners = new Map<string, string[]>()
  private readonly watched = new Set<Store>()
  private synced = false

  constructor(private readonly registry: ResourceRegistry) {
    this.controller = new Controller('garbage-collector', (uid) => this.reconcile(uid))
  }

  async start(): Promise<void> {
    await this.watchAll()
    this.registry.onChange(() => void this.watchAll())
    this.synced = true
    // Objects whose owners vanished while the server was down.
    for (const [uid, owners] of this.owners) {
      if (owners.every((o) => !this.objects.has(o))) owners.forEach((o) => this.controller.enqueue(o))
      void uid
    }
  }

  stop(): void {
    this.controller.stop()
  }

  private async watchAll(): Promise<void> {
    for (const store of this.registry.stores()) {
      if (this.watched.has(store)) continue
      this.watched.add(store)
      const w = await inform(store, (type, obj) => this.observe(store, type, obj))
      this.controller.addWatcher(w)
    }
  }

  private observe(store: Store, type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: any): void {
    const uid: string | undefined = obj.metadata?.uid
    if (!uid) return
    const previousOwners = this.owners.get(uid) ?? []
    for (const o of previousOwners) this.dependents.get(o)?.delete(uid)
    if (type === 'DELETED') {
      this.objects.delete(uid)
      this.owners.delete(uid)
      if (this.dependents.get(uid)?.size) this.controller.enqueue(uid)
      for (const o of previousOwners) if (this.objects.get(o) && this.isDeleting(o)) this.controller.enqueue(o)
      return
    }
    this.objects.set(uid, { store, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name })
    const refs: string[] = (obj.metadata.ownerReferences ?? []).map((r: any) => r.uid).filter(Boolean)
    if (refs.length) this.owners.set(uid, refs)
    else this.owners.delete(uid)
    for (const o of refs) {
      let set = this.dependents.get(o)
      if (!set) this.dependents.set(o, (set = new Set()))
      set.add(uid)
      if (this.synced && !this.objects.has(o)) this.controller.enqueue(o)
    }
    const finalizers: string[] = obj.metadata.finalizers ?? []
    if (obj.metadata.deletionTimestamp && (finalizers.includes('foregroundDeletion') || finalizers.includes('orphan'))) {
      this.controller.enqueue(uid)
    }
  }

  private isDeleting(uid: string): boolean {
    const ref = this.objects.get(uid)
    return !!ref && !!ref.store.getCached(ref.namespace, ref.name)?.obj.metadata.deletionTimestamp
  }

  private async reconcile(ownerUid: string): Promise<void> {
    const deps = [...(this.dependents.get(ownerUid) ?? [])]
    const ownerRef = this.objects.get(ownerUid)
    if (!ownerRef) {
      for (const dep of deps) {
        const owners = this.owners.get(dep) ?? []
        if (owners.some((o) => this.objects.has(o))) continue
        await this.deleteObject(dep, 'Background')
      }
      return
    }
    const owner = ownerRef.store.getCached(ownerRef.namespace, ownerRef.name)?.obj
    if (!owner?.metadata.deletionTimestamp) return
    const finalizers: string[] = owner.metadata.finalizers ?? []
    if (finalizers.includes('orphan')) {
      for (const dep of deps) await this.dropOwnerReference(dep, ownerUid)
      await this.removeFinalizer(ownerRef, 'orphan')
    } else if (finalizers.includes('foregroundDeletion')) {
      for (const dep of deps) await this.deleteObject(dep, 'Foreground')
      if ((this.dependents.get(ownerUid)?.size ?? 0) > 0) throw new Error(`dependents of ${ownerRef.name} remain`)
      await this.removeFinalizer(ownerRef, 'foregroundDeletion')
    }
  }

  private async deleteObject(uid: string, policy: 'Background' | 'Foreground'): Promise<void> {
    const ref = this.objects.get(uid)
    if (!ref) return
    const current = ref.store.getCached(ref.namespace, ref.name)?.obj
    if (!current || current.metadata.deletionTimestamp) return
    try {
      await ref.store.delete(ref.namespace, ref.name, { propagationPolicy: policy, preconditions: { uid } }, opts(ref.store))
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
  }

  private async dropOwnerReference(uid: string, ownerUid: string): Promise<void> {
    const ref = this.objects.get(uid)
    if (!ref) return
    try {
      await ref.store.guaranteedUpdate(ref.namespace, ref.name, opts(ref.store), undefined, (cur) => {
        const refs = (cur.metadata.ownerReferences ?? []).filter((r: any) => r.uid !== ownerUid)
        cur.metadata.ownerReferences = refs
        if (refs.length === 0) delete cur.metadata.ownerReferences
        return cur
      })
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
  }

  private async removeFinalizer(ref: Ref, finalizer: string): Promise<void> {
    try {
      await ref.store.guaranteedUpdate(ref.namespace, ref.name, opts(ref.store), undefined, (cur) => {
        cur.metadata.finalizers = (cur.metadata.finalizers ?? []).filter((f: string) => f !== finalizer)
        return cur
      })
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
  }
}
