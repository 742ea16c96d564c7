/**
 * The roles and bindings stamped into new workspaces and workspace namespaces (authz.md §10.1,
 * §10.2), as pure functions from a BuiltinRole and its target to the desired object.
 */
import { matches, nothing, selectorFromLabelSelector } from '../apimachinery/labels/selector.js'
import { isPlainObject } from '../apimachinery/meta.js'
import {
  IAM_GROUP,
  LABEL_ROLE_REF,
  LABEL_SCOPE,
  LABEL_USER_REF,
  LABEL_WORKSPACE,
  TENANT_GROUP,
} from './types.js'

const FNV_OFFSET = 0xcbf29ce484222325n
const FNV_PRIME = 0x100000001b3n
const MASK = 0xffffffffffffffffn

/** FNV-1a, 64 bits, over the UTF-8 bytes; 16 lower-case hex digits. */
export function fnv1a64(s: string): string {
  let h = FNV_OFFSET
  for (const byte of Buffer.from(s, 'utf8')) {
    h ^= BigInt(byte)
    h = (h * FNV_PRIME) & MASK
  }
  return h.toString(16).padStart(16, '0')
}

/** `<workspace>-<role>`, or `<role>.<fnv1a64(workspace)>` when that exceeds 63 characters. */
export function workspaceRoleName(workspace: string, role: string): string {
  const name = `${workspace}-${role}`
  return name.length > 63 ? `${role}.${fnv1a64(workspace)}` : name
}

/** Whether a BuiltinRole of `scope` targets an object with these labels (no selector: all). */
export function builtinRoleTargets(
  builtin: any,
  scope: 'workspace' | 'namespace',
  labels: Record<string, string> | undefined,
): boolean {
  if (builtin?.metadata?.labels?.[LABEL_SCOPE] !== scope) return false
  const sel = builtin.targetSelector
  if (sel === undefined || sel === null) return true
  try {
    return matches(selectorFromLabelSelector(sel), labels)
  } catch {
    return matches(nothing(), labels)
  }
}

function copyRole(
  embedded: any,
  apiVersionKind: { kind: string },
  name: string,
  namespace: string | undefined,
  extraLabels: Record<string, string>,
): any {
  const meta = isPlainObject(embedded.metadata) ? embedded.metadata : {}
  const labels = { ...(meta.labels ?? {}), ...extraLabels }
  const role: any = {
    apiVersion: `${IAM_GROUP}/v1beta1`,
    kind: apiVersionKind.kind,
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      ...(Object.keys(labels).length ? { labels } : {}),
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
    },
    rules: Array.isArray(embedded.rules) ? structuredClone(embedded.rules) : [],
  }
  if (isPlainObject(embedded.aggregationRoleTemplates))
    role.aggregationRoleTemplates = structuredClone(embedded.aggregationRoleTemplates)
  return role
}

/** The WorkspaceRole a BuiltinRole stamps into a workspace, or undefined if it holds another kind. */
export function stampedWorkspaceRole(builtin: any, workspace: string): any {
  const embedded = builtin?.role
  if (!isPlainObject(embedded) || embedded.kind !== 'WorkspaceRole' || !embedded.metadata?.name)
    return undefined
  return copyRole(
    embedded,
    { kind: 'WorkspaceRole' },
    workspaceRoleName(workspace, embedded.metadata.name),
    undefined,
    { [LABEL_WORKSPACE]: workspace },
  )
}

/** The Role a BuiltinRole stamps into a namespace, or undefined if it holds another kind. */
export function stampedNamespaceRole(builtin: any, namespace: string): any {
  const embedded = builtin?.role
  if (!isPlainObject(embedded) || embedded.kind !== 'Role' || !embedded.metadata?.name) return undefined
  return copyRole(embedded, { kind: 'Role' }, embedded.metadata.name, namespace, {})
}

/** The `<ws>-admin` WorkspaceRoleBinding of the template's manager, if it names one. */
export function managerBinding(template: any): any {
  const workspace = template.metadata.name
  const manager = template.spec?.template?.spec?.manager
  if (typeof manager !== 'string' || manager === '') return undefined
  const role = workspaceRoleName(workspace, 'admin')
  return {
    apiVersion: `${IAM_GROUP}/v1beta1`,
    kind: 'WorkspaceRoleBinding',
    metadata: {
      name: role,
      labels: { [LABEL_WORKSPACE]: workspace, [LABEL_USER_REF]: manager, [LABEL_ROLE_REF]: role },
    },
    roleRef: { apiGroup: IAM_GROUP, kind: 'WorkspaceRole', name: role },
    subjects: [{ kind: 'User', apiGroup: IAM_GROUP, name: manager }],
  }
}

/** The `<creator>-admin` RoleBinding of a namespace's creator, if it names one. */
export function creatorBinding(namespace: any): any {
  const creator = namespace.metadata?.annotations?.['kubesphere.io/creator']
  if (typeof creator !== 'string' || creator === '') return undefined
  return {
    apiVersion: `${IAM_GROUP}/v1beta1`,
    kind: 'RoleBinding',
    metadata: {
      name: `${creator}-admin`,
      namespace: namespace.metadata.name,
      labels: { [LABEL_USER_REF]: creator, [LABEL_ROLE_REF]: 'admin' },
    },
    roleRef: { apiGroup: IAM_GROUP, kind: 'Role', name: 'admin' },
    subjects: [{ kind: 'User', apiGroup: IAM_GROUP, name: creator }],
  }
}

/** The Workspace a template asks for: its `spec.template` metadata and spec. */
export function workspaceFor(template: any): any {
  const t = template.spec?.template ?? {}
  const meta = isPlainObject(t.metadata) ? t.metadata : {}
  return {
    apiVersion: `${TENANT_GROUP}/v1beta1`,
    kind: 'Workspace',
    metadata: {
      name: template.metadata.name,
      ...(meta.labels ? { labels: { ...meta.labels } } : {}),
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
    },
    spec: isPlainObject(t.spec) ? structuredClone(t.spec) : {},
  }
}

/** A controller ownerReference to a WorkspaceTemplate. */
export function workspaceTemplateOwner(template: any): any {
  return {
    apiVersion: `${TENANT_GROUP}/v1beta1`,
    kind: 'WorkspaceTemplate',
    name: template.metadata.name,
    uid: template.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  }
}
