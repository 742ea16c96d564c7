/**
 * Workspaces (authz.md §10.1, §10.5): on a WorkspaceTemplate's first reconcile, stamp the
 * workspace BuiltinRoles as `<ws>-<role>` WorkspaceRoles and bind the template's manager to
 * `<ws>-admin`, then mark it with the cascading-deletion finalizer; on every reconcile keep the
 * Workspace object of the same name; give labelled WorkspaceRoles and WorkspaceRoleBindings a
 * controller reference to their template, so that deleting the workspace deletes them. When
 * the template is deleted the finalizer goes and the garbage collector removes the rest.
 */
import { isNotFound } from '../apimachinery/errors.js'
import {
  stampedWorkspaceRole,
  builtinRoleTargets,
  managerBinding,
  workspaceFor,
  workspaceTemplateOwner,
} from '../authz/stamping.js'
import { FINALIZER_CASCADING_DELETION, IAM_GROUP, LABEL_WORKSPACE, TENANT_GROUP } from '../authz/types.js'
import { logger } from '../observability/logger.js'
import type { ResourceRegistry } from '../registry/registry.js'
import type { Store } from '../registry/store.js'
import { createOrUpdate, mergeMetaReplaceRest, writeOptions } from './create-or-update.js'
import { Controller } from './runtime.js'

const FIELD_MANAGER = 'workspacetemplate-controller'
const LEGACY_FINALIZER = 'finalizers.workspacetemplate.kubesphere.io'

export class WorkspaceTemplateController {
  readonly controller: Controller

  constructor(private readonly registry: ResourceRegistry) {
    this.controller = new Controller('workspacetemplate', (name) => this.reconcile(name))
  }

  private tenant(resource: string): Store | undefined {
    return this.registry.storeFor(TENANT_GROUP, resource)
  }

  private iam(resource: string): Store | undefined {
    return this.registry.storeFor(IAM_GROUP, resource)
  }

  async start(): Promise<void> {
    const templates = this.tenant('workspacetemplates')
    if (!templates) return
    await this.controller.watch(templates)
    const byLabel = (_t: string, obj: any) => {
      const ws = obj.metadata?.labels?.[LABEL_WORKSPACE]
      const owned = (obj.metadata?.ownerReferences ?? []).some(
        (r: any) => r.kind === 'WorkspaceTemplate' && r.name === ws,
      )
      return ws && !owned ? [ws] : []
    }
    for (const resource of ['workspaceroles', 'workspacerolebindings']) {
      const store = this.iam(resource)
      if (store) await this.controller.watch(store, byLabel)
    }
  }

  stop(): void {
    this.controller.stop()
  }

  private async reconcile(name: string): Promise<void> {
    const templates = this.tenant('workspacetemplates')!
    const template = templates.getCached('', name)?.obj
    if (!template) return
    const finalizers: string[] = template.metadata.finalizers ?? []
    if (template.metadata.deletionTimestamp) {
      if (finalizers.includes(FINALIZER_CASCADING_DELETION) || finalizers.includes(LEGACY_FINALIZER)) {
        await this.setFinalizers(templates, name, (f) =>
          f.filter((x) => x !== FINALIZER_CASCADING_DELETION && x !== LEGACY_FINALIZER),
        )
      }
      return
    }
    if (!finalizers.includes(FINALIZER_CASCADING_DELETION)) {
      await this.stamp(template)
      await this.setFinalizers(templates, name, (f) => [
        ...f.filter((x) => x !== LEGACY_FINALIZER && x !== FINALIZER_CASCADING_DELETION),
        FINALIZER_CASCADING_DELETION,
      ])
    }
    const workspaces = this.tenant('workspaces')
    if (workspaces)
      await createOrUpdate(
        workspaces,
        {
          ...workspaceFor(template),
          metadata: {
            ...workspaceFor(template).metadata,
            ownerReferences: [workspaceTemplateOwner(template)],
          },
        },
        FIELD_MANAGER,
      )
    await this.adopt(template)
  }

  /** The workspace roles of every matching BuiltinRole, and the manager's admin binding. */
  private async stamp(template: any): Promise<void> {
    const workspace = template.metadata.name
    const owner = [workspaceTemplateOwner(template)]
    const builtins = this.iam('builtinroles')
    const roles = this.iam('workspaceroles')
    if (builtins && roles) {
      for (const c of (await builtins.deps.cache.list(builtins.prefix)).items) {
        if (!builtinRoleTargets(c.obj, 'workspace', template.metadata.labels)) continue
        const role = stampedWorkspaceRole(c.obj, workspace)
        if (!role) {
          logger.warn(
            { builtinRole: c.obj.metadata.name },
            'builtin role of scope workspace does not hold a WorkspaceRole; skipped',
          )
          continue
        }
        role.metadata.ownerReferences = owner
        await createOrUpdate(roles, role, FIELD_MANAGER)
      }
    }
    const binding = managerBinding(template)
    const bindings = this.iam('workspacerolebindings')
    if (binding && bindings) {
      binding.metadata.ownerReferences = owner
      await createOrUpdate(bindings, binding, FIELD_MANAGER)
    }
  }

  /** WorkspaceRoles and WorkspaceRoleBindings labelled with the workspace get the template as controller. */
  private async adopt(template: any): Promise<void> {
    const workspace = template.metadata.name
    const ref = workspaceTemplateOwner(template)
    for (const resource of ['workspaceroles', 'workspacerolebindings']) {
      const store = this.iam(resource)
      if (!store) continue
      const page = await store.deps.cache.list(store.prefix, {
        filter: (c) => c.obj.metadata?.labels?.[LABEL_WORKSPACE] === workspace,
      })
      for (const c of page.items) {
        const refs: any[] = c.obj.metadata.ownerReferences ?? []
        if (refs.some((r) => r.uid === ref.uid && r.controller)) continue
        const others = refs.filter((r) => r.kind !== 'WorkspaceTemplate' && r.kind !== 'Workspace')
        try {
          await store.guaranteedUpdate(
            '',
            c.obj.metadata.name,
            writeOptions(store, FIELD_MANAGER),
            undefined,
            (cur) => mergeMetaReplaceRest(cur, { metadata: { ownerReferences: [...others, ref] } }),
          )
        } catch (err) {
          if (!isNotFound(err)) throw err
        }
      }
    }
  }

  private async setFinalizers(store: Store, name: string, change: (f: string[]) => string[]): Promise<void> {
    await store.guaranteedUpdate('', name, writeOptions(store, FIELD_MANAGER), undefined, (cur) => {
      const finalizers = change(cur.metadata.finalizers ?? [])
      const metadata = { ...cur.metadata, finalizers }
      if (finalizers.length === 0) delete metadata.finalizers
      return { ...cur, metadata }
    })
  }
}
