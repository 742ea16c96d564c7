/**
 * The 65 RoleTemplates and their Categories that KubeSphere's chart installs (authz.md §9.6 and
 * Appendix A): names, scope, category, extra labels, dependencies, English display names and
 * rules as the spec lists them (duplicated entries included). Rules are written as
 * `groups ⟶ resources ⟶ verbs` strings, comma separated, `""` being the core group.
 */
import { readFileSync } from 'node:fs'
import { IAM_GROUP } from '../types.js'
import type { PolicyRule } from '../types.js'

const split = (s: string) => s.split(',').map((x) => x.trim().replace(/^""$/, ''))

/** `r('apps, ""', 'pods, deployments', 'get, list')` */
function r(groups: string, resources: string, verbs: string): PolicyRule {
  return { apiGroups: split(groups), resources: split(resources), verbs: split(verbs) }
}

function urls(nonResourceURLs: string, verbs: string): PolicyRule {
  return { nonResourceURLs: split(nonResourceURLs), verbs: split(verbs) }
}

export const rego = (name: string): string => readFileSync(new URL(`./${name}.rego`, import.meta.url), 'utf8')

const WORKSPACE_RESOURCES =
  'abnormalworkloads, quotas, workloads, configmaps, endpoints, events, limitranges, namespaces, persistentvolumeclaims, podtemplates, replicationcontrollers, resourcequotas, secrets, serviceaccounts, services, applications, controllerrevisions, deployments, replicasets, statefulsets, daemonsets, meshpolicies, cronjobs, jobs, horizontalpodautoscalers, events, ingresses, router, filters, pods, pods/log, pods/exec, pods/containers, namespacenetworkpolicies, workspacenetworkpolicies, networkpolicies, podsecuritypolicies, rolebindings, roles, namespacemembers, servicepolicies, workspaces, workspacetemplates, workspaceroles, workspacemembers, workspacemembers/namespaces, workspacerolebindings, workloads'
const VIEW_CLUSTER_GROUPS =
  '"", apiextensions.k8s.io, app.k8s.io, apps, autoscaling, batch, config.istio.io, events.k8s.io, events.kubesphere.io, extensions, metrics.k8s.io, networking.k8s.io, node.k8s.io, rbac.istio.io, scheduling.k8s.io, security.istio.io, storage.k8s.io, storage.kubesphere.io, resources.kubesphere.io, cluster.kubesphere.io'
const MANAGE_CLUSTER_GROUPS =
  '"", apiextensions.k8s.io, app.k8s.io, apps, autoscaling, batch, events.k8s.io, extensions, node.k8s.io, scheduling.k8s.io, storage.k8s.io, storage.k8s.io, storage.kubesphere.io, resources.kubesphere.io, cluster.kubesphere.io'
const PROJECT_GROUPS =
  'apps, extensions, batch, autoscaling, app.k8s.io, operations.kubesphere.io, resources.kubesphere.io'
const VIEW_PROJECT_RESOURCES =
  'namespaces, configmaps, endpoints, events, limitranges, persistentvolumeclaims, podtemplates, replicationcontrollers, resourcequotas, secrets, serviceaccounts, services, applications, controllerrevisions, deployments, replicasets, statefulsets, daemonsets, cronjobs, jobs, events, ingresses, router, pods, pods/log, pods/containers, namespacenetworkpolicies, networkpolicies, podsecuritypolicies, rolebindings, roles, namespacemembers, servicepolicies, workspaces, quotas, abnormalworkloads, workloads, router, strategies'
const MANAGE_PROJECT_RESOURCES =
  'namespaces, configmaps, endpoints, events, limitranges, persistentvolumeclaims, podtemplates, replicationcontrollers, resourcequotas, secrets, serviceaccounts, services, applications, controllerrevisions, deployments, replicasets, statefulsets, daemonsets, meshpolicies, cronjobs, jobs, events, ingresses, router, pods, pods/log, pods/exec, pods/containers, namespacenetworkpolicies, networkpolicies, podsecuritypolicies, rolebindings, roles, namespacemembers, servicepolicies, workspaces, quotas, abnormalworkloads, workloads, router, strategies'
const VIEW_WORKLOADS =
  'services, applications, controllerrevisions, deployments, replicasets, statefulsets, daemonsets, jobs, cronjobs, pods, pods/log, pods/containers, services, ingresses, router, horizontalpodautoscalers, configmaps, secrets'
const MANAGE_WORKLOADS =
  'services, applications, controllerrevisions, deployments, replicasets, statefulsets, daemonsets, jobs, cronjobs, pods, pods/log, pods/exec, pods/containers, services, ingresses, router, workloads, horizontalpodautoscalers'
const APP = 'application.kubesphere.io'
const APP_TEMPLATES = 'apps, apps/versions, applications, attachments'

type Scope = 'global' | 'cluster' | 'workspace' | 'namespace'

/** Extra labels, abbreviated: `to:x` = aggregate-to-x, `hidden`, `basic`. */
interface TemplateRow {
  name: string
  scope: Scope
  category: string
  labels?: string[]
  dependencies?: string[]
  displayName: string
  rules: PolicyRule[]
  regoFile?: string
}

const T = (
  name: string,
  scope: Scope,
  category: string,
  labels: string[],
  dependencies: string[],
  displayName: string,
  rules: PolicyRule[],
  regoFile?: string,
): TemplateRow => ({ name, scope, category, labels, dependencies, displayName, rules, regoFile })

const ROWS: TemplateRow[] = [
  // global
  T('global-create-workspaces', 'global', 'global-workspace-management', [], [], 'Workspace Creation', [
    r('tenant.kubesphere.io', 'workspaces, workspacetemplates', 'create, watch'),
  ]),
  T('global-view-workspaces', 'global', 'global-workspace-management', [], [], 'Workspace Viewing', [
    r('*', WORKSPACE_RESOURCES, 'get, list, watch'),
    r('resources.kubesphere.io', '*', 'list, get, watch'),
  ]),
  T('global-manage-workspaces', 'global', 'global-workspace-management', [], [], 'Workspace Management', [
    r('*', WORKSPACE_RESOURCES, '*'),
    r('resources.kubesphere.io', '*', '*'),
  ]),
  T(
    'global-view-clusters',
    'global',
    'global-cluster-management',
    [],
    [],
    'Cluster Viewing',
    [
      r(VIEW_CLUSTER_GROUPS, '*', 'get, list, watch'),
      r('tenant.kubesphere.io', 'workspaces, workspacetemplates', 'get, list, watch'),
      r(IAM_GROUP, 'clustermembers, clusterroles', 'get, list, watch'),
      urls('*', 'GET'),
    ],
    'global-view-clusters',
  ),
  T(
    'global-manage-clusters',
    'global',
    'global-cluster-management',
    [],
    ['global-view-clusters'],
    'Cluster Management',
    [
      r(MANAGE_CLUSTER_GROUPS, '*', '*'),
      r('tenant.kubesphere.io', 'workspaces, workspacetemplates', 'update, patch'),
      r(IAM_GROUP, 'clustermembers, clusterroles', '*'),
      urls('*', 'GET'),
    ],
    'global-manage-clusters',
  ),
  T(
    'global-manage-platform-settings',
    'global',
    'global-platform-settings',
    ['hidden'],
    [],
    'Platform Settings Management',
    [r('extensions.kubesphere.io', '*', '*'), r('kubesphere.io', '*', '*')],
  ),
  T('global-view-roles', 'global', 'global-access-control', [], ['global-view-users'], 'Role Viewing', [
    r(IAM_GROUP, 'globalroles', 'get, list, watch'),
  ]),
  T('global-manage-roles', 'global', 'global-access-control', ['hidden'], [], 'Role Management', [
    r('*', 'globalroles', '*'),
  ]),
  T('global-view-users', 'global', 'global-access-control', [], [], 'User Viewing', [
    r('*', 'users, users/loginrecords', 'get, list, watch'),
  ]),
  T('global-manage-users', 'global', 'global-access-control', ['hidden'], [], 'User Management', [
    r('*', 'users, users/password, users/loginrecords', '*'),
  ]),
  T('global-role-template-manage-app', 'global', 'manage-app', ['to:admin'], [], 'AppStore Management', [
    r(APP, '*', '*'),
  ]),
  // cluster: console markers without rules
  T(
    'cluster-view-cluster-settings',
    'cluster',
    'cluster-settings',
    ['to:cluster-viewer'],
    [],
    'Cluster Settings View',
    [],
  ),
  T(
    'cluster-manage-cluster-settings',
    'cluster',
    'cluster-settings',
    [],
    [],
    'Cluster Settings Management',
    [],
  ),
  T(
    'cluster-view-crds',
    'cluster',
    'cluster-resource-management',
    ['to:cluster-viewer'],
    [],
    'Custom Resource Definition Viewing',
    [],
  ),
  T(
    'cluster-manage-crds',
    'cluster',
    'cluster-resource-management',
    [],
    [],
    'Custom Resource Definition Management',
    [],
  ),
  T(
    'cluster-view-members',
    'cluster',
    'cluster-access-control',
    ['to:cluster-viewer'],
    [],
    'Member Viewing',
    [],
  ),
  T(
    'cluster-manage-members',
    'cluster',
    'cluster-access-control',
    [],
    ['cluster-view-roles', 'cluster-view-members'],
    'Member Management',
    [],
  ),
  T(
    'cluster-view-roles',
    'cluster',
    'cluster-access-control',
    ['to:cluster-viewer'],
    ['cluster-view-members'],
    'Role Viewing',
    [],
  ),
  T(
    'cluster-manage-roles',
    'cluster',
    'cluster-access-control',
    [],
    ['cluster-view-roles'],
    'Role Management',
    [],
  ),
  T(
    'cluster-view-nodes',
    'cluster',
    'cluster-resource-management',
    ['to:cluster-viewer'],
    [],
    'Node Viewing',
    [],
  ),
  T(
    'cluster-manage-nodes',
    'cluster',
    'cluster-resource-management',
    [],
    ['cluster-view-nodes'],
    'Node Management',
    [],
  ),
  T(
    'cluster-view-app-workloads',
    'cluster',
    'cluster-app-workloads-management',
    [],
    ['cluster-view-projects'],
    'Application Workload Viewing',
    [],
  ),
  T(
    'cluster-manage-app-workloads',
    'cluster',
    'cluster-app-workloads-management',
    [],
    ['cluster-view-app-workloads', 'cluster-view-projects'],
    'Application Workload Management',
    [],
  ),
  T(
    'cluster-view-projects',
    'cluster',
    'cluster-project-management',
    ['to:cluster-viewer'],
    [],
    'Project Viewing',
    [],
  ),
  T(
    'cluster-manage-projects',
    'cluster',
    'cluster-project-management',
    [],
    ['cluster-view-projects'],
    'Project Management',
    [],
  ),
  T(
    'cluster-view-storageclasses',
    'cluster',
    'cluster-storage-management',
    ['to:cluster-viewer'],
    ['cluster-view-persistentvolumeclaims'],
    'Storage Class Viewing',
    [],
  ),
  T(
    'cluster-manage-storageclasses',
    'cluster',
    'cluster-storage-management',
    [],
    ['cluster-view-persistentvolumeclaims', 'cluster-view-storageclasses'],
    'Storage Class Management',
    [],
  ),
  T(
    'cluster-view-persistentvolumeclaims',
    'cluster',
    'cluster-storage-management',
    ['to:cluster-viewer'],
    [],
    'Persistent Volume Claim Viewing',
    [],
  ),
  T(
    'cluster-manage-persistentvolumeclaims',
    'cluster',
    'cluster-storage-management',
    [],
    ['cluster-view-persistentvolumeclaims', 'cluster-view-storageclasses'],
    'Persistent Volume Claim Management',
    [],
  ),
  T(
    'cluster-view-components',
    'cluster',
    'cluster-resource-management',
    ['to:cluster-viewer'],
    [],
    'System Component Viewing',
    [],
  ),
  // workspace
  T(
    'workspace-view-workspace-settings',
    'workspace',
    'workspace-settings',
    ['to:regular', 'to:viewer', 'to:self-provisioner', 'hidden', 'basic'],
    [],
    'Workspace Settings Viewing',
    [r('*', 'workspaces', 'get, list, watch')],
  ),
  T(
    'workspace-manage-workspace-settings',
    'workspace',
    'workspace-settings',
    ['hidden'],
    [],
    'Workspace Settings Management',
    [r('*', 'workspaces', '*')],
  ),
  T(
    'workspace-create-projects',
    'workspace',
    'workspace-project-management',
    ['to:self-provisioner'],
    [],
    'Project Creation',
    [
      r('*', 'workspaces, workspacemembers, quotas, abnormalworkloads, pods', 'get, list, watch'),
      r('*', 'namespaces, federatednamespaces', 'create, watch'),
    ],
  ),
  T(
    'workspace-view-projects',
    'workspace',
    'workspace-project-management',
    ['to:viewer'],
    [],
    'Project Viewing',
    [r('*', VIEW_PROJECT_RESOURCES, 'get, list, watch'), r(PROJECT_GROUPS, '*', 'list, get, watch')],
  ),
  T(
    'workspace-manage-projects',
    'workspace',
    'workspace-project-management',
    [],
    ['workspace-view-projects', 'workspace-view-members', 'workspace-create-projects'],
    'Project Management',
    [r(PROJECT_GROUPS, '*', '*'), r('*', MANAGE_PROJECT_RESOURCES, '*')],
  ),
  T(
    'workspace-view-members',
    'workspace',
    'workspace-access-control',
    ['to:viewer', 'to:self-provisioner', 'to:regular'],
    [],
    'Member Viewing',
    [r('*', 'workspacemembers', 'get, list, watch')],
  ),
  T(
    'workspace-manage-members',
    'workspace',
    'workspace-access-control',
    ['hidden'],
    [],
    'Member Management',
    [r('*', 'workspacemembers', '*'), r('*', 'workspaceroles', 'list, get, watch')],
  ),
  T(
    'workspace-view-roles',
    'workspace',
    'workspace-access-control',
    ['to:viewer', 'to:regular', 'to:self-provisioner'],
    ['workspace-view-members'],
    'Role Viewing',
    [r('*', 'workspaceroles', 'get, list, watch')],
  ),
  T('workspace-manage-roles', 'workspace', 'workspace-access-control', ['hidden'], [], 'Role Management', [
    r('*', 'workspaceroles', '*'),
  ]),
  T(
    'workspace-view-app-repos',
    'workspace',
    'workspace-app',
    ['to:self-provisioner', 'to:viewer', 'to:regular'],
    [],
    'Workspace App Repos View',
    [r(APP, 'repos, repos/events', 'get, list')],
  ),
  T(
    'workspace-manage-app-repos',
    'workspace',
    'workspace-app',
    ['to:admin'],
    ['workspace-view-app-repos'],
    'Workspace App Repos Management',
    [r(APP, 'repos, repos/events', '*')],
  ),
  T(
    'workspace-view-app-templates',
    'workspace',
    'workspace-app',
    ['to:viewer'],
    [],
    'Application/application version/application instance view',
    [r(APP, APP_TEMPLATES, 'get, list')],
  ),
  T(
    'workspace-view-create-app-templates',
    'workspace',
    'workspace-app',
    ['to:viewer'],
    [],
    'Workspace Application/application version/application instance view and create',
    [r(APP, APP_TEMPLATES, 'get, list, create, update, patch')],
  ),
  T(
    'workspace-delete-app-templates',
    'workspace',
    'workspace-app',
    ['to:viewer'],
    [],
    'Application/application version/application instance deletion',
    [r(APP, APP_TEMPLATES, 'delete')],
  ),
  T(
    'workspace-manage-app-templates',
    'workspace',
    'workspace-app',
    ['to:admin'],
    ['workspace-view-app-templates', 'workspace-view-create-app-templates', 'workspace-delete-app-templates'],
    'Workspace applications/application versions/application instance management',
    [r(APP, APP_TEMPLATES, '*')],
  ),
  // namespace
  T(
    'namespace-view-project-settings',
    'namespace',
    'namespace-settings',
    ['basic', 'hidden', 'to:operator', 'to:viewer'],
    [],
    'Project Settings Viewing',
    [
      r('*', 'namespaces', 'get'),
      r('resources.kubesphere.io', 'quotas, metrics', 'list'),
      r('""', 'limitranges', 'list'),
    ],
  ),
  T(
    'namespace-manage-project-settings',
    'namespace',
    'namespace-settings',
    ['hidden'],
    [],
    'Project Settings Management',
    [r('*', '*', '*')],
  ),
  T(
    'namespace-view-members',
    'namespace',
    'namespace-access-control',
    ['to:operator', 'to:viewer'],
    [],
    'Member Viewing',
    [r('*', 'namespacemembers, rolebindings', 'get, list, watch')],
  ),
  T(
    'namespace-manage-members',
    'namespace',
    'namespace-access-control',
    ['hidden'],
    [],
    'Member Management',
    [r('*', 'namespacemembers, rolebindings', '*')],
  ),
  T(
    'namespace-view-roles',
    'namespace',
    'namespace-access-control',
    ['to:operator', 'to:viewer'],
    ['namespace-view-members'],
    'Role Viewing',
    [r('*', 'roles', 'get, list, watch')],
  ),
  T('namespace-manage-roles', 'namespace', 'namespace-access-control', ['hidden'], [], 'Role Management', [
    r('*', 'roles', '*'),
  ]),
  T(
    'namespace-view-app-workloads',
    'namespace',
    'namespace-application-workloads',
    ['to:operator', 'to:viewer'],
    ['namespace-view-volumes', 'namespace-view-secrets', 'namespace-view-configmaps'],
    'Application Workload Viewing',
    [r('*', VIEW_WORKLOADS, 'get, list, watch')],
  ),
  T(
    'namespace-manage-app-workloads',
    'namespace',
    'namespace-application-workloads',
    ['to:operator'],
    ['namespace-view-app-workloads'],
    'Application Workload Management',
    [r('*', MANAGE_WORKLOADS, '*'), r('*', 'secrets', 'list')],
  ),
  T(
    'namespace-view-configmaps',
    'namespace',
    'namespace-configuration-management',
    ['to:operator', 'to:viewer'],
    [],
    'ConfigMap Viewing',
    [r('*', 'configmaps', 'get, list, watch')],
  ),
  T(
    'namespace-manage-configmaps',
    'namespace',
    'namespace-configuration-management',
    ['to:operator'],
    ['namespace-view-configmaps'],
    'ConfigMap Management',
    [r('*', 'configmaps', '*')],
  ),
  T(
    'namespace-view-secrets',
    'namespace',
    'namespace-configuration-management',
    ['to:operator', 'to:viewer'],
    [],
    'Secret Viewing',
    [r('*', 'secrets', 'get, list, watch')],
  ),
  T(
    'namespace-manage-secrets',
    'namespace',
    'namespace-configuration-management',
    ['to:operator'],
    ['namespace-view-secrets'],
    'Secret Management',
    [r('*', 'secrets', '*')],
  ),
  T(
    'namespace-view-serviceaccount',
    'namespace',
    'namespace-configuration-management',
    ['to:operator', 'to:viewer'],
    ['namespace-view-roles', 'namespace-view-secrets'],
    'Service Account Viewing',
    [r('*', 'serviceaccounts', 'get, list, watch')],
  ),
  T(
    'namespace-manage-serviceaccount',
    'namespace',
    'namespace-configuration-management',
    [],
    ['namespace-view-serviceaccount'],
    'Service Account Management',
    [r('*', 'serviceaccounts', '*')],
  ),
  T(
    'namespace-view-persistentvolumeclaims',
    'namespace',
    'namespace-storage-management',
    ['to:operator', 'to:viewer'],
    [],
    'PersistentVolumeClaims Viewing',
    [r('*', 'persistentvolumeclaims', 'get, list, watch'), r('*', 'pods', 'list')],
  ),
  T(
    'namespace-manage-persistentvolumeclaims',
    'namespace',
    'namespace-storage-management',
    ['to:operator'],
    ['namespace-view-persistentvolumeclaims'],
    'PersistentVolumeClaims Management',
    [r('*', 'persistentvolumeclaims', '*'), r('*', 'pods', 'list')],
  ),
  T(
    'namespace-view-app-releases',
    'namespace',
    'namespace-app',
    ['to:viewer'],
    [],
    'Namespace App Releases View',
    [r(APP, 'applications, attachments', 'get, list')],
  ),
  T(
    'namespace-manage-app-releases',
    'namespace',
    'namespace-app',
    ['to:operator', 'to:admin'],
    ['namespace-view-app-releases', 'namespace-delete-app-releases', 'namespace-create-app-releases'],
    'Namespace App Releases Management',
    [r(APP, 'applications, attachments', '*')],
  ),
  T(
    'namespace-delete-app-releases',
    'namespace',
    'namespace-app',
    ['to:operator', 'to:admin'],
    [],
    'Namespace Application instance deletion',
    [r(APP, 'applications, attachments', 'delete')],
  ),
  // Upstream's verb `post` is not a Kubernetes verb: this template grants nothing (kept as shipped).
  T(
    'namespace-create-app-releases',
    'namespace',
    'namespace-app',
    ['to:operator', 'to:admin'],
    [],
    'Namespace Application instance create',
    [r(APP, 'applications, attachments', 'post')],
  ),
]

function labelsOf(row: TemplateRow): Record<string, string> {
  const labels: Record<string, string> = {
    'iam.kubesphere.io/category': row.category,
    'iam.kubesphere.io/scope': row.scope,
    'kubesphere.io/managed': 'true',
  }
  for (const l of row.labels ?? []) {
    if (l === 'hidden') labels['iam.kubesphere.io/hidden-role-template'] = 'true'
    else if (l === 'basic') labels['iam.kubesphere.io/basic-role-template'] = 'true'
    else labels[`iam.kubesphere.io/aggregate-to-${l.slice('to:'.length)}`] = ''
  }
  return labels
}

/** Console hint `{"<subject>": "<action>"}` read from the template name (e.g. view-workspaces). */
function ruleHint(row: TemplateRow): string {
  const rest = row.name.replace(/^(global-role-template|global|cluster|workspace|namespace)-/, '')
  const m = /^(view-create|view|manage|create|delete)-(.+)$/.exec(rest)
  return JSON.stringify(m ? { [m[2]]: m[1] } : { [rest]: 'manage' })
}

export function roleTemplates(): any[] {
  return ROWS.map((row) => {
    const annotations: Record<string, string> = { 'iam.kubesphere.io/role-template-rules': ruleHint(row) }
    if (row.dependencies?.length)
      annotations['iam.kubesphere.io/dependencies'] = JSON.stringify(row.dependencies)
    if (row.regoFile) annotations['iam.kubesphere.io/rego-override'] = rego(row.regoFile)
    return {
      apiVersion: `${IAM_GROUP}/v1beta1`,
      kind: 'RoleTemplate',
      metadata: { name: row.name, labels: labelsOf(row), annotations },
      spec: { displayName: { en: row.displayName }, rules: row.rules },
    }
  })
}

const CATEGORIES: [string, Scope, string][] = [
  ['global-platform-settings', 'global', 'Platform Settings'],
  ['global-access-control', 'global', 'Access Control'],
  ['global-workspace-management', 'global', 'Workspace'],
  ['global-cluster-management', 'global', 'Cluster Management'],
  ['manage-app', 'global', 'AppStore Manage'],
  ['cluster-access-control', 'cluster', 'Access Control'],
  ['cluster-resource-management', 'cluster', 'Cluster Resources'],
  ['cluster-settings', 'cluster', 'Cluster Settings'],
  ['cluster-app-workloads-management', 'cluster', 'Application Workloads'],
  ['cluster-project-management', 'cluster', 'Projects'],
  ['cluster-storage-management', 'cluster', 'Storage'],
  ['workspace-settings', 'workspace', 'Workspace Settings'],
  ['workspace-project-management', 'workspace', 'Projects'],
  ['workspace-access-control', 'workspace', 'Access Control'],
  ['workspace-app', 'workspace', 'Apps'],
  ['namespace-access-control', 'namespace', 'Access Control'],
  ['namespace-configuration-management', 'namespace', 'Configuration'],
  ['namespace-storage-management', 'namespace', 'Storage'],
  ['namespace-application-workloads', 'namespace', 'Application Workloads'],
  ['namespace-settings', 'namespace', 'Project Settings'],
  ['namespace-app', 'namespace', 'Apps'],
]

export function categories(): any[] {
  return CATEGORIES.map(([name, scope, displayName]) => ({
    apiVersion: `${IAM_GROUP}/v1beta1`,
    kind: 'Category',
    metadata: { name, labels: { 'iam.kubesphere.io/scope': scope, 'kubesphere.io/managed': 'true' } },
    spec: { displayName: { en: displayName } },
  }))
}
