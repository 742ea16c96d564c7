/**
 * `GET /users/{username}/roletemplates` (authz.md §11.2): the RoleTemplates aggregated into the
 * user's role(s) of one scope, found through the bindings labelled with the user. Another
 * caller needs `get users` globally.
 */
import { newForbidden, newNotFound } from '../../apimachinery/errors.js'
import { allowed } from '../access.js'
import type { KapisDeps } from '../deps.js'
import { writeListResult, type Entry } from '../list.js'
import { IAM, WORKSPACE_LABEL } from '../objects.js'
import type { KapisRequest } from '../route.js'
import { MemberBindings, SCOPE_KINDS, type MemberTarget } from './bindings.js'

const byName = (a: any, b: any) =>
  a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0

export class RoleTemplates {
  private readonly bindings: MemberBindings

  constructor(private readonly deps: KapisDeps) {
    this.bindings = new MemberBindings(deps.registry)
  }

  /** The roles whose templates count, per scope. */
  private async roles(user: string, t: MemberTarget): Promise<any[]> {
    const kinds = SCOPE_KINDS[t.scope]
    const roleStore = this.deps.registry.storeFor(IAM, kinds.role)
    const bindings = (await this.bindings.bindings(t, { user }))
      .filter((b) => (b.subjects ?? []).some((s: any) => s?.kind === 'User' && s.name === user))
      .sort(byName)
    // Global and cluster scopes use the user's first binding; the others all of them.
    const used = t.scope === 'global' || t.scope === 'cluster' ? bindings.slice(0, 1) : bindings
    const roles: any[] = []
    for (const b of used) {
      const name: string = b.roleRef?.name ?? ''
      const role = roleStore?.getCached(t.scope === 'namespace' ? (t.namespace ?? '') : '', name)?.obj
      const foreign = t.scope === 'workspace' && role?.metadata?.labels?.[WORKSPACE_LABEL] !== t.workspace
      if (!role || foreign) {
        if (t.scope === 'workspace' || t.scope === 'namespace')
          throw newNotFound({ group: IAM, resource: kinds.role }, name)
        continue
      }
      roles.push(role)
    }
    return roles
  }

  async list(r: KapisRequest): Promise<void> {
    const username = r.params['username']
    if (r.user.name !== username) {
      const may = await allowed(this.deps.access, {
        user: r.user,
        verb: 'get',
        apiGroup: '',
        resource: 'users',
        resourceScope: 'Global',
      })
      if (!may) throw newForbidden({ group: IAM, resource: 'users' }, username, 'not allow to get users')
    }
    const scope = r.query.get('scope') ?? ''
    let target: MemberTarget | undefined
    if (scope === 'global' || scope === 'cluster') target = { scope }
    else if (scope === 'workspace') target = { scope, workspace: r.query.get('workspace') ?? '' }
    else if (scope === 'namespace') target = { scope, namespace: r.query.get('namespace') ?? '' }
    const items: Entry[] = []
    if (target) {
      const templates = this.deps.registry.storeFor(IAM, 'roletemplates')
      for (const role of await this.roles(username, target)) {
        for (const name of role.aggregationRoleTemplates?.templateNames ?? []) {
          const t = templates?.getCached('', name)
          if (t) items.push(t)
        }
      }
    }
    writeListResult(r.res, { items, totalItems: items.length })
  }
}
