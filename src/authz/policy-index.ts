/**
 * In-memory indexes of everything the RBAC authorizer reads: the four role kinds, the four
 * binding kinds (by subject, and by workspace or namespace where that narrows the search), and
 * each namespace's workspace label. Informers feed it (policy-informers.ts); a decision never
 * reads storage.
 */
import type { UserInfo } from '../apimachinery/user.js'
import { logger } from '../observability/logger.js'
import { compilePolicy, RegoError, type CompiledPolicy } from './rego/policy.js'
import {
  ANNOTATION_REGO,
  LABEL_WORKSPACE,
  rulesOf,
  type BindingKind,
  type PolicyRule,
  type RoleKind,
  type Subject,
} from './types.js'

export interface IndexedBinding {
  kind: BindingKind
  name: string
  /** RoleBindings only. */
  namespace: string
  roleRef: { kind: string; name: string }
  subjects: Subject[]
  creationTimestamp: string
  /** Label kubesphere.io/workspace (WorkspaceRoleBindings are consulted only with it). */
  workspace: string
}

export interface IndexedRole {
  kind: RoleKind
  name: string
  namespace: string
  rules: PolicyRule[]
  /** Annotation iam.kubesphere.io/rego-override, if any. */
  regoText?: string
  /** Compiled on first use; null when the text is outside the supported subset. */
  compiled?: CompiledPolicy | null
}

export const KUBESPHERE_SA_GROUP = 'kubesphere.io'
export const KUBERNETES_SA_GROUP = 'rbac.authorization.k8s.io'

/**
 * The user name a subject stands for, or the group it names (authz.md §6.3): `u:<user>` or
 * `g:<group>`; undefined when the subject can never match.
 */
export function principalOf(
  subject: Subject,
  binding: { kind: BindingKind; namespace: string },
): string | undefined {
  switch (subject.kind) {
    case 'User':
      return `u:${subject.name}`
    case 'Group':
      return `g:${subject.name}`
    case 'ServiceAccount': {
      const ns = subject.namespace || (binding.kind === 'RoleBinding' ? binding.namespace : '')
      if (!ns) return undefined
      if (subject.apiGroup === KUBESPHERE_SA_GROUP) return `u:kubesphere:serviceaccount:${ns}:${subject.name}`
      if (subject.apiGroup === KUBERNETES_SA_GROUP) return `u:system:serviceaccount:${ns}:${subject.name}`
      return undefined
    }
    default:
      return undefined
  }
}

/** The first subject of the binding that names the user (the one reasons mention). */
export function matchingSubject(binding: IndexedBinding, user: UserInfo): Subject | undefined {
  for (const s of binding.subjects) {
    const p = principalOf(s, binding)
    if (p === undefined) continue
    if (p.startsWith('u:') ? p.slice(2) === user.name : user.groups.includes(p.slice(2))) return s
  }
  return undefined
}

/** Newest first, ties by name descending (the order upstream's lookups list bindings in). */
function newestFirst(a: IndexedBinding, b: IndexedBinding): number {
  if (a.creationTimestamp !== b.creationTimestamp) return a.creationTimestamp < b.creationTimestamp ? 1 : -1
  return a.name < b.name ? 1 : a.name > b.name ? -1 : 0
}

/** Bindings of one kind (and one workspace or namespace), indexed by principal. */
export class BindingSet {
  private readonly byKey = new Map<string, { binding: IndexedBinding; principals: string[] }>()
  private readonly byPrincipal = new Map<string, Set<IndexedBinding>>()

  get size(): number {
    return this.byKey.size
  }

  upsert(key: string, binding: IndexedBinding): void {
    this.remove(key)
    const principals = [
      ...new Set(
        binding.subjects.map((s) => principalOf(s, binding)).filter((p): p is string => p !== undefined),
      ),
    ]
    this.byKey.set(key, { binding, principals })
    for (const p of principals) {
      let set = this.byPrincipal.get(p)
      if (!set) this.byPrincipal.set(p, (set = new Set()))
      set.add(binding)
    }
  }

  remove(key: string): void {
    const entry = this.byKey.get(key)
    if (!entry) return
    this.byKey.delete(key)
    for (const p of entry.principals) {
      const set = this.byPrincipal.get(p)
      set?.delete(entry.binding)
      if (set?.size === 0) this.byPrincipal.delete(p)
    }
  }

  /** The bindings with a subject naming the user or one of their groups, newest first. */
  forUser(user: UserInfo): IndexedBinding[] {
    const own = this.byPrincipal.get(`u:${user.name}`)
    let out: IndexedBinding[] | undefined
    let seen: Set<IndexedBinding> | undefined
    const add = (set: Set<IndexedBinding> | undefined) => {
      if (!set) return
      if (!out) {
        out = [...set]
        return
      }
      seen ??= new Set(out)
      for (const b of set) {
        if (seen.has(b)) continue
        seen.add(b)
        out.push(b)
      }
    }
    add(own)
    for (const g of user.groups) add(this.byPrincipal.get(`g:${g}`))
    if (!out) return []
    if (out.length > 1) out.sort(newestFirst)
    return out
  }

  all(): IndexedBinding[] {
    return [...this.byKey.values()].map((e) => e.binding)
  }
}

function bindingFrom(kind: BindingKind, obj: any): IndexedBinding {
  const meta = obj.metadata ?? {}
  const subjects = Array.isArray(obj.subjects)
    ? obj.subjects.filter((s: any) => s && typeof s === 'object')
    : []
  return {
    kind,
    name: meta.name ?? '',
    namespace: meta.namespace ?? '',
    roleRef: { kind: String(obj.roleRef?.kind ?? ''), name: String(obj.roleRef?.name ?? '') },
    subjects: subjects.map((s: any) => ({
      kind: String(s.kind ?? ''),
      name: String(s.name ?? ''),
      apiGroup: typeof s.apiGroup === 'string' ? s.apiGroup : '',
      namespace: typeof s.namespace === 'string' ? s.namespace : '',
    })),
    creationTimestamp: meta.creationTimestamp ?? '',
    workspace: meta.labels?.[LABEL_WORKSPACE] ?? '',
  }
}

export type IndexedKind = RoleKind | BindingKind | 'Namespace'
export type IndexEvent = 'ADDED' | 'MODIFIED' | 'DELETED'

export class PolicyIndex {
  readonly globalBindings = new BindingSet()
  readonly clusterBindings = new BindingSet()
  private readonly workspaceBindings = new Map<string, BindingSet>()
  private readonly workspaceOfBinding = new Map<string, string>()
  private readonly roleBindings = new Map<string, BindingSet>()
  private readonly roles = new Map<string, IndexedRole>()
  private readonly namespaces = new Map<string, string>()
  private readonly listeners: (() => void)[] = []

  /** Applies one informer event. */
  apply(kind: IndexedKind, type: IndexEvent, obj: any): void {
    const meta = obj?.metadata
    if (!meta?.name) return
    const deleted = type === 'DELETED'
    switch (kind) {
      case 'Namespace':
        if (deleted || !meta.labels?.[LABEL_WORKSPACE]) this.namespaces.delete(meta.name)
        else this.namespaces.set(meta.name, meta.labels[LABEL_WORKSPACE])
        break
      case 'GlobalRoleBinding':
        if (deleted) this.globalBindings.remove(meta.name)
        else this.globalBindings.upsert(meta.name, bindingFrom(kind, obj))
        break
      case 'ClusterRoleBinding':
        if (deleted) this.clusterBindings.remove(meta.name)
        else this.clusterBindings.upsert(meta.name, bindingFrom(kind, obj))
        break
      case 'WorkspaceRoleBinding': {
        const previous = this.workspaceOfBinding.get(meta.name)
        if (previous !== undefined) {
          this.workspaceBindings.get(previous)?.remove(meta.name)
          if (this.workspaceBindings.get(previous)?.size === 0) this.workspaceBindings.delete(previous)
          this.workspaceOfBinding.delete(meta.name)
        }
        const binding = bindingFrom(kind, obj)
        if (deleted || !binding.workspace) break
        this.setFor(this.workspaceBindings, binding.workspace).upsert(meta.name, binding)
        this.workspaceOfBinding.set(meta.name, binding.workspace)
        break
      }
      case 'RoleBinding': {
        const ns = meta.namespace ?? ''
        if (deleted) {
          this.roleBindings.get(ns)?.remove(meta.name)
          if (this.roleBindings.get(ns)?.size === 0) this.roleBindings.delete(ns)
        } else {
          this.setFor(this.roleBindings, ns).upsert(meta.name, bindingFrom(kind, obj))
        }
        break
      }
      default: {
        const key = roleKey(kind, kind === 'Role' ? (meta.namespace ?? '') : '', meta.name)
        if (deleted) {
          this.roles.delete(key)
          break
        }
        const regoText: string | undefined = meta.annotations?.[ANNOTATION_REGO] || undefined
        const old = this.roles.get(key)
        this.roles.set(key, {
          kind,
          name: meta.name,
          namespace: meta.namespace ?? '',
          rules: rulesOf(obj),
          regoText,
          compiled: old && old.regoText === regoText ? old.compiled : undefined,
        })
      }
    }
    for (const l of this.listeners) l()
  }

  /** Called after every change (caches of derived answers). */
  onChange(listener: () => void): void {
    this.listeners.push(listener)
  }

  role(kind: RoleKind, namespace: string, name: string): IndexedRole | undefined {
    return this.roles.get(roleKey(kind, kind === 'Role' ? namespace : '', name))
  }

  /** The compiled Rego policy of a role, or undefined (none, or not in the supported subset). */
  policyOf(role: IndexedRole): CompiledPolicy | undefined {
    if (!role.regoText) return undefined
    if (role.compiled === undefined) {
      try {
        role.compiled = compilePolicy(role.regoText)
      } catch (e) {
        if (!(e instanceof RegoError)) throw e
        logger.warn(
          { role: `${role.kind}/${role.name}`, err: e.message },
          'rego policy cannot be parsed; it allows nothing',
        )
        role.compiled = null
      }
    }
    return role.compiled ?? undefined
  }

  /** The value of label kubesphere.io/workspace on the namespace, if it has one. */
  workspaceOf(namespace: string): string | undefined {
    return this.namespaces.get(namespace)
  }

  workspaceBindingsOf(workspace: string): BindingSet | undefined {
    return this.workspaceBindings.get(workspace)
  }

  roleBindingsIn(namespace: string): BindingSet | undefined {
    return this.roleBindings.get(namespace)
  }

  private setFor(map: Map<string, BindingSet>, key: string): BindingSet {
    let set = map.get(key)
    if (!set) map.set(key, (set = new BindingSet()))
    return set
  }
}

function roleKey(kind: RoleKind, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`
}
