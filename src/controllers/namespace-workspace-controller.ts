/**
 * Namespaces and workspaces (authz.md §10.2). A namespace labelled `kubesphere.io/workspace`
 * gets, once, the Roles of the namespace BuiltinRoles that target it and an `admin` RoleBinding
 * for its `kubesphere.io/creator`, then the cascading-deletion finalizer (and no owner
 * references). A namespace without the label loses every iam Role and RoleBinding in it and its
 * owner references to Workspaces — KubeSphere roles live only in workspace namespaces. A
 * namespace being deleted loses the finalizer again.
 */
import { isNotFound } from '../apimachinery/errors.js'
import { builtinRoleTargets, creatorBinding, stampedNamespaceRole } from '../authz/stamping.js'
import { FINALIZER_CASCADING_DELETION, IAM_GROUP, LABEL_WORKSPACE } from '../authz/types.js'
import { logger } from '../observability/logger.js'
import type { ResourceRegistry } from '../registry/registry.js'
import type { Store } from '../registry/store.js'
import { createOrUpdate, writeOptions } from './create-or-update.js'
import { Controller } from './runtime.js'

const FIELD_MANAGER = 'namespace-workspace-controller'
const LEGACY_FINALIZER = 'finalizers.kubesphere.io/namespaces'

export class NamespaceWorkspaceController {
  readonly controller: Controller

  constructor(private readonly registry: ResourceRegistry) {
    this.controller = new Controller('namespace-workspace', (name) => this.reconcile(name))
  }

  private get namespaces(): Store {
    return this.registry.storeFor('', 'namespaces')!
  }

  private iam(resource: string): Store | undefined {
    return this.registry.storeFor(IAM_GROUP, resource)
  }

  async start(): Promise<void> {
    await this.controller.watch(this.namespaces, (type, ns) => (type === 'DELETED' ? [] : [ns.metadata.name]))
  }

  stop(): void {
    this.controller.stop()
  }

  private async reconcile(name: string): Promise<void> {
    const ns = this.namespaces.getCached('', name)?.obj
    if (!ns) return
    const finalizers: string[] = ns.metadata.finalizers ?? []
    if (ns.metadata.deletionTimestamp) {
      if (finalizers.includes(FINALIZER_CASCADING_DELETION)) {
        await this.update(name, (cur) =>
          withFinalizers(
            cur,
            (cur.metadata.finalizers ?? []).filter((f: string) => f !== FINALIZER_CASCADING_DELETION),
          ),
        )
      }
      return
    }
    if (ns.metadata.labels?.[LABEL_WORKSPACE]) {
      if (finalizers.includes(FINALIZER_CASCADING_DELETION)) return
      await this.stamp(ns)
      await this.update(name, (cur) => {
        const next = withFinalizers(cur, [
          ...(cur.metadata.finalizers ?? []).filter(
            (f: string) => f !== LEGACY_FINALIZER && f !== FINALIZER_CASCADING_DELETION,
          ),
          FINALIZER_CASCADING_DELETION,
        ])
        delete next.metadata.ownerReferences
        return next
      })
      return
    }
    await this.cleanUp(ns)
  }

  private async stamp(ns: any): Promise<void> {
    const builtins = this.iam('builtinroles')
    const roles = this.iam('roles')
    if (builtins && roles) {
      for (const c of (await builtins.deps.cache.list(builtins.prefix)).items) {
        if (!builtinRoleTargets(c.obj, 'namespace', ns.metadata.labels)) continue
        const role = stampedNamespaceRole(c.obj, ns.metadata.name)
        if (!role) {
          logger.warn(
            { builtinRole: c.obj.metadata.name },
            'builtin role of scope namespace does not hold a Role; skipped',
          )
          continue
        }
        await createOrUpdate(roles, role, FIELD_MANAGER)
      }
    }
    const binding = creatorBinding(ns)
    const bindings = this.iam('rolebindings')
    if (binding && bindings) await createOrUpdate(bindings, binding, FIELD_MANAGER)
  }

  /** Outside any workspace: no KubeSphere roles or bindings, no Workspace owner. */
  private async cleanUp(ns: any): Promise<void> {
    const name = ns.metadata.name
    for (const resource of ['rolebindings', 'roles']) {
      const store = this.iam(resource)
      if (!store) continue
      for (const c of (await store.deps.cache.list(store.collectionPrefix(name))).items) {
        try {
          await store.delete(name, c.obj.metadata.name, {}, writeOptions(store, FIELD_MANAGER))
        } catch (err) {
          if (!isNotFound(err)) throw err
        }
      }
    }
    const refs: any[] = ns.metadata.ownerReferences ?? []
    if (refs.some((r) => r.kind === 'Workspace')) {
      await this.update(name, (cur) => {
        const kept = (cur.metadata.ownerReferences ?? []).filter((r: any) => r.kind !== 'Workspace')
        const metadata = { ...cur.metadata, ownerReferences: kept }
        if (kept.length === 0) delete metadata.ownerReferences
        return { ...cur, metadata }
      })
    }
  }

  private async update(name: string, change: (cur: any) => any): Promise<void> {
    try {
      await this.namespaces.guaranteedUpdate(
        '',
        name,
        writeOptions(this.namespaces, FIELD_MANAGER),
        undefined,
        change,
      )
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
  }
}

function withFinalizers(obj: any, finalizers: string[]): any {
  const metadata = { ...obj.metadata, finalizers }
  if (finalizers.length === 0) delete metadata.finalizers
  return { ...obj, metadata }
}
