/**
 * The role bindings the IAM member APIs write (kapis.md §8.1): one binding per user per scope,
 * named `<user>-<role>`, labelled `iam.kubesphere.io/user-ref` and `iam.kubesphere.io/role-ref`
 * (and `kubesphere.io/workspace` for workspaces). Binding a user to a role it already has does
 * nothing; its bindings to other roles in the same scope are deleted first.
 */
import { isAlreadyExists, isNotFound, newNotFound } from '../../apimachinery/errors.js'
import { selectorFromSet } from '../../apimachinery/labels/selector.js'
import type { UserInfo } from '../../apimachinery/user.js'
import type { ResourceRegistry } from '../../registry/registry.js'
import type { Store, WriteOptions } from '../../registry/store.js'
import { IAM, ROLE_REF_LABEL, USER_REF_LABEL, WORKSPACE_LABEL, listCached } from '../objects.js'

export type MemberScope = 'global' | 'cluster' | 'workspace' | 'namespace'

interface ScopeKinds {
  binding: string
  bindingKind: string
  role: string
  roleKind: string
  /** Also bind the Kubernetes ServiceAccount `kubesphere.users.<user>` (for the RBAC mirrors). */
  withServiceAccount: boolean
}

export const SCOPE_KINDS: Record<MemberScope, ScopeKinds> = {
  global: {
    binding: 'globalrolebindings',
    bindingKind: 'GlobalRoleBinding',
    role: 'globalroles',
    roleKind: 'GlobalRole',
    withServiceAccount: false,
  },
  cluster: {
    binding: 'clusterrolebindings',
    bindingKind: 'ClusterRoleBinding',
    role: 'clusterroles',
    roleKind: 'ClusterRole',
    withServiceAccount: true,
  },
  workspace: {
    binding: 'workspacerolebindings',
    bindingKind: 'WorkspaceRoleBinding',
    role: 'workspaceroles',
    roleKind: 'WorkspaceRole',
    withServiceAccount: false,
  },
  namespace: {
    binding: 'rolebindings',
    bindingKind: 'RoleBinding',
    role: 'roles',
    roleKind: 'Role',
    withServiceAccount: true,
  },
}

/** Where a binding lives: the scope, plus its workspace or namespace. */
export interface MemberTarget {
  scope: MemberScope
  workspace?: string
  namespace?: string
}

export class MemberBindings {
  constructor(private readonly registry: ResourceRegistry) {}

  private store(resource: string): Store {
    return this.registry.storeFor(IAM, resource)!
  }

  private namespaceOf(t: MemberTarget): string {
    return t.scope === 'namespace' ? (t.namespace ?? '') : ''
  }

  /** The role of that scope; 404 when missing (a WorkspaceRole must carry the workspace label). */
  role(t: MemberTarget, name: string): any {
    const kinds = SCOPE_KINDS[t.scope]
    const role = this.store(kinds.role).getCached(this.namespaceOf(t), name)?.obj
    if (!role || (t.scope === 'workspace' && role.metadata?.labels?.[WORKSPACE_LABEL] !== t.workspace)) {
      throw newNotFound({ group: IAM, resource: kinds.roleKind.toLowerCase() }, name)
    }
    return role
  }

  /** Bindings of the scope, optionally only those of one user (by the user-ref label) or role. */
  async bindings(t: MemberTarget, filter: { user?: string; role?: string } = {}): Promise<any[]> {
    const labels: Record<string, string> = {}
    if (filter.user) labels[USER_REF_LABEL] = filter.user
    if (filter.role) labels[ROLE_REF_LABEL] = filter.role
    if (t.scope === 'workspace') labels[WORKSPACE_LABEL] = t.workspace ?? ''
    const selector = Object.keys(labels).length ? selectorFromSet(labels) : undefined
    const found = await listCached(this.store(SCOPE_KINDS[t.scope].binding), this.namespaceOf(t), selector)
    return found.map((c) => c.obj)
  }

  /** The binding `<user>-<role>` as the member APIs write it. */
  bindingFor(t: MemberTarget, user: string, role: string): any {
    const kinds = SCOPE_KINDS[t.scope]
    const labels: Record<string, string> = { [USER_REF_LABEL]: user, [ROLE_REF_LABEL]: role }
    if (t.scope === 'workspace') labels[WORKSPACE_LABEL] = t.workspace ?? ''
    const subjects: any[] = [{ apiGroup: IAM, kind: 'User', name: user }]
    if (kinds.withServiceAccount)
      subjects.push({
        kind: 'ServiceAccount',
        name: `kubesphere.users.${user}`,
        namespace: 'kubesphere-system',
      })
    return {
      apiVersion: `${IAM}/v1beta1`,
      kind: kinds.bindingKind,
      metadata: {
        name: `${user}-${role}`,
        ...(t.scope === 'namespace' ? { namespace: t.namespace } : {}),
        labels,
      },
      roleRef: { apiGroup: IAM, kind: kinds.roleKind, name: role },
      subjects,
    }
  }

  /** Binds the user to the role in the scope (the role must exist there). */
  async bind(t: MemberTarget, user: string, role: string, by: UserInfo): Promise<void> {
    this.role(t, role)
    const store = this.store(SCOPE_KINDS[t.scope].binding)
    const opts: WriteOptions = { user: by, version: 'v1beta1' }
    const ns = this.namespaceOf(t)
    for (const b of await this.bindings(t, { user })) {
      if (b.roleRef?.name === role) return
      await this.deleteQuietly(store, ns, b.metadata.name, opts)
    }
    try {
      await store.create(ns, this.bindingFor(t, user, role), opts)
    } catch (err) {
      if (!isAlreadyExists(err)) throw err
      // A hand-made binding of that name without our labels: replace it.
      await store.update(ns, `${user}-${role}`, this.bindingFor(t, user, role), opts)
    }
  }

  /** Removes every binding of the user in the scope. */
  async unbind(t: MemberTarget, user: string, by: UserInfo): Promise<void> {
    const store = this.store(SCOPE_KINDS[t.scope].binding)
    const opts: WriteOptions = { user: by, version: 'v1beta1' }
    for (const b of await this.bindings(t, { user }))
      await this.deleteQuietly(store, this.namespaceOf(t), b.metadata.name, opts)
  }

  private async deleteQuietly(store: Store, ns: string, name: string, opts: WriteOptions): Promise<void> {
    try {
      await store.delete(ns, name, {}, opts)
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
  }
}

/** The first `User` subject of a binding. */
export function firstUser(binding: any): string | undefined {
  return (binding?.subjects ?? []).find((s: any) => s?.kind === 'User')?.name
}
