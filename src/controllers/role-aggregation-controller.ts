/**
 * Role-template aggregation for GlobalRoles, WorkspaceRoles, ClusterRoles and Roles
 * (authz.md §8.4): every role with `aggregationRoleTemplates` is reconciled when it changes,
 * and a created or changed RoleTemplate is pushed into the auto-aggregating roles whose
 * selector wants it (which then reconcile). Rules are only ever appended.
 */
import { isNotFound } from '../apimachinery/errors.js'
import { aggregate, wantsTemplate, withAggregation } from '../authz/aggregation.js'
import { IAM_GROUP, ROLE_RESOURCES, ROLE_SCOPES, type RoleKind } from '../authz/types.js'
import { logger } from '../observability/logger.js'
import type { ResourceRegistry } from '../registry/registry.js'
import type { Store } from '../registry/store.js'
import { writeOptions } from './create-or-update.js'
import { Controller, inform } from './runtime.js'

const KINDS = Object.keys(ROLE_RESOURCES) as RoleKind[]
const FIELD_MANAGER = 'role-aggregation-controller'

function keyFor(kind: RoleKind, obj: any): string {
  return `${kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`
}

export class RoleAggregationController {
  readonly controller: Controller

  constructor(private readonly registry: ResourceRegistry) {
    this.controller = new Controller('role-aggregation', (key) => this.reconcile(key))
  }

  private store(resource: string): Store | undefined {
    return this.registry.storeFor(IAM_GROUP, resource)
  }

  async start(): Promise<void> {
    for (const kind of KINDS) {
      const store = this.store(ROLE_RESOURCES[kind])
      if (!store) continue
      await this.controller.watch(store, (type, obj) =>
        type !== 'DELETED' && obj.aggregationRoleTemplates ? [keyFor(kind, obj)] : [],
      )
    }
    const templates = this.store('roletemplates')
    if (templates) {
      this.controller.addWatcher(
        await inform(templates, (type, t) => {
          if (type !== 'DELETED')
            this.templateChanged(t).catch((err) =>
              logger.error({ err, template: t.metadata?.name }, 'pushing a role template failed'),
            )
        }),
      )
    }
  }

  stop(): void {
    this.controller.stop()
  }

  /** Enqueues the roles of the template's scope that should take it in. */
  private async templateChanged(template: any): Promise<void> {
    const scope = template.metadata?.labels?.['iam.kubesphere.io/scope']
    for (const kind of KINDS) {
      if (ROLE_SCOPES[kind] !== scope) continue
      const store = this.store(ROLE_RESOURCES[kind])
      if (!store) continue
      const page = await store.deps.cache.list(store.prefix)
      for (const c of page.items)
        if (wantsTemplate(c.obj, template)) this.controller.enqueue(keyFor(kind, c.obj))
    }
  }

  private async reconcile(key: string): Promise<void> {
    const [kind, namespace, name] = key.split('/') as [RoleKind, string, string]
    const store = this.store(ROLE_RESOURCES[kind])
    const templatesStore = this.store('roletemplates')
    if (!store || !templatesStore) return
    const role = store.getCached(namespace, name)?.obj
    if (!role?.aggregationRoleTemplates || role.metadata.deletionTimestamp) return
    const templates = (await templatesStore.deps.cache.list(templatesStore.prefix)).items.map((c) => c.obj)
    const outcome = aggregate(role, ROLE_SCOPES[kind], templates)
    for (const w of outcome.warnings) logger.warn({ role: key }, w)
    if (!outcome.changed) return
    try {
      await store.guaranteedUpdate(
        namespace,
        name,
        writeOptions(store, FIELD_MANAGER),
        undefined,
        (current) => {
          const again = aggregate(current, ROLE_SCOPES[kind], templates)
          return again.changed ? withAggregation(current, again) : current
        },
      )
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
  }
}
