/**
 * The built-in roles, bindings, BuiltinRoles and the system workspace the chart installs
 * (authz.md §9.1–9.4, §9.7). Descriptions are our own words; names, labels, annotations,
 * aggregation settings and rules are KubeSphere's.
 */
import { IAM_GROUP, TENANT_GROUP, type PolicyRule } from '../types.js'
import { rego } from './role-templates.js'

const V = `${IAM_GROUP}/v1beta1`
const ALL: PolicyRule[] = [
  { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
  { nonResourceURLs: ['*'], verbs: ['*'] },
]
const READ_ALL: PolicyRule = { apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }
const AUTO = { 'iam.kubesphere.io/auto-aggregate': 'true' }
const describe = (en: string, zh: string) => JSON.stringify({ zh, en })
const rule = (apiGroups: string[], resources: string[], verbs: string[]): PolicyRule => ({
  apiGroups,
  resources,
  verbs,
})

export function globalRoles(): any[] {
  const role = (
    name: string,
    rules: PolicyRule[],
    annotations?: Record<string, string>,
    aggregationRoleTemplates?: unknown,
  ) => ({
    apiVersion: V,
    kind: 'GlobalRole',
    metadata: { name, ...(annotations ? { annotations } : {}) },
    ...(aggregationRoleTemplates ? { aggregationRoleTemplates } : {}),
    rules,
  })
  return [
    role('anonymous', [
      rule(['config.kubesphere.io'], ['configs'], ['get', 'list']),
      { nonResourceURLs: ['/static/images/*'], verbs: ['GET'] },
    ]),
    role(
      'authenticated',
      [
        rule(['config.kubesphere.io'], ['configs', 'platformconfigs'], ['get', 'list']),
        rule([IAM_GROUP], ['users', 'roletemplates', 'categories'], ['list']),
        rule(['resources.kubesphere.io'], ['registry', 'git'], ['get', 'create']),
        rule(['resources.kubesphere.io'], ['clusters'], ['get', 'list']),
        rule(['*'], ['storageclasses', 'storageclasscapabilities', 'nodes'], ['get', 'list']),
        rule(['resources.kubesphere.io'], ['namespaces', 'services'], ['list']),
        rule([TENANT_GROUP], ['workspacetemplates'], ['patch']),
        rule(['extensions.kubesphere.io'], ['jsbundles', 'extensionentries'], ['get', 'list']),
        rule(['kubesphere.io'], ['extensions'], ['get', 'list']),
        rule(
          ['application.kubesphere.io'],
          ['apps', 'categories', 'apps/versions', 'applications'],
          ['get', 'list'],
        ),
        rule(['cluster.kubesphere.io'], ['labels'], ['get', 'list']),
        { nonResourceURLs: ['/static/images/*'], verbs: ['GET'] },
      ],
      { ...AUTO, 'iam.kubesphere.io/rego-override': rego('authenticated') },
      {
        roleSelector: {
          matchLabels: {
            'iam.kubesphere.io/aggregate-to-authenticated': '',
            'iam.kubesphere.io/scope': 'global',
          },
        },
      },
    ),
    role(
      'platform-admin',
      ALL,
      {
        'kubesphere.io/creator': 'admin',
        'kubesphere.io/description': describe(
          'Manage all resources of the platform.',
          '管理平台的所有资源。',
        ),
        'iam.kubesphere.io/rego-override': rego('platform-admin'),
        ...AUTO,
      },
      {
        roleSelector: { matchLabels: { 'iam.kubesphere.io/scope': 'global' } },
        templateNames: [
          'global-manage-clusters',
          'global-view-clusters',
          'global-create-workspaces',
          'global-view-basic',
          'global-manage-app-templates',
          'global-manage-users',
          'global-view-roles',
          'global-manage-platform-settings',
          'global-manage-workspaces',
          'global-view-app-templates',
          'global-view-users',
          'global-manage-roles',
          'global-view-workspaces',
        ],
      },
    ),
    role('platform-regular', [], {
      'kubesphere.io/creator': 'admin',
      'kubesphere.io/description': describe(
        'Regular user of the platform; needs workspace or project roles to do more.',
        '平台普通用户，需要企业空间或项目角色才能访问更多资源。',
      ),
    }),
    role(
      'platform-self-provisioner',
      [rule([TENANT_GROUP], ['workspaces', 'workspacetemplates'], ['create', 'watch'])],
      {
        'kubesphere.io/creator': 'admin',
        'kubesphere.io/description': describe(
          'Create workspaces and manage the workspaces one created.',
          '创建企业空间并管理自己创建的企业空间。',
        ),
      },
      { templateNames: ['global-create-workspaces'] },
    ),
    role('pre-registration', [rule([IAM_GROUP], ['users'], ['create', 'list'])]),
    role('ks-console', [
      rule(['extensions.kubesphere.io', 'config.kubesphere.io'], ['*'], ['get', 'list', 'watch']),
    ]),
  ]
}

export function globalRoleBindings(): any[] {
  const binding = (name: string, role: string, subjects: unknown[], labels?: Record<string, string>) => ({
    apiVersion: V,
    kind: 'GlobalRoleBinding',
    metadata: { name, ...(labels ? { labels } : {}) },
    roleRef: { apiGroup: IAM_GROUP, kind: 'GlobalRole', name: role },
    subjects,
  })
  return [
    binding('admin', 'platform-admin', [{ apiGroup: IAM_GROUP, kind: 'User', name: 'admin' }], {
      'iam.kubesphere.io/role-ref': 'platform-admin',
      'iam.kubesphere.io/user-ref': 'admin',
    }),
    binding('anonymous', 'anonymous', [
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:unauthenticated' },
    ]),
    binding('authenticated', 'authenticated', [
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' },
    ]),
    binding('pre-registration', 'pre-registration', [
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'pre-registration' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:pre-registration' },
    ]),
    binding(
      'ks-console',
      'ks-console',
      [
        {
          apiGroup: 'kubesphere.io',
          kind: 'ServiceAccount',
          name: 'ks-console',
          namespace: 'kubesphere-system',
        },
      ],
      {
        'iam.kubesphere.io/role-ref': 'ks-console',
      },
    ),
  ]
}

export function clusterRoles(): any[] {
  const annotations = (en: string, zh: string) => ({
    'kubesphere.io/creator': 'system',
    'kubesphere.io/description': describe(en, zh),
    ...AUTO,
  })
  return [
    {
      apiVersion: V,
      kind: 'ClusterRole',
      metadata: {
        name: 'cluster-admin',
        annotations: annotations('Manage all resources in the cluster.', '管理集群中的所有资源。'),
      },
      aggregationRoleTemplates: {
        roleSelector: { matchLabels: { 'iam.kubesphere.io/scope': 'cluster' } },
        templateNames: [],
      },
      rules: ALL,
    },
    {
      apiVersion: V,
      kind: 'ClusterRole',
      metadata: {
        name: 'cluster-viewer',
        annotations: annotations('View all resources in the cluster.', '查看集群中的所有资源。'),
      },
      aggregationRoleTemplates: {
        roleSelector: { matchLabels: { 'iam.kubesphere.io/aggregate-to-cluster-viewer': '' } },
        templateNames: [
          'cluster-view-components',
          'cluster-view-volume-snapshot-classes',
          'cluster-view-volumes',
          'cluster-view-roles',
        ],
      },
      rules: [READ_ALL, { nonResourceURLs: ['*'], verbs: ['GET'] }],
    },
  ]
}

/** Roles stamped into every workspace (`<ws>-<name>`) and every managed workspace namespace. */
export function builtinRoles(): any[] {
  const builtin = (name: string, scope: 'workspace' | 'namespace', role: any) => ({
    apiVersion: V,
    kind: 'BuiltinRole',
    metadata: { name, labels: { 'iam.kubesphere.io/scope': scope } },
    ...(scope === 'namespace'
      ? { targetSelector: { matchLabels: { 'kubesphere.io/managed': 'true' } } }
      : {}),
    role,
  })
  const embedded = (
    kind: string,
    name: string,
    en: string,
    zh: string,
    matchLabels: Record<string, string>,
    rules: PolicyRule[],
    templateNames?: string[],
  ) => ({
    apiVersion: V,
    kind,
    metadata: {
      name,
      annotations: {
        'kubesphere.io/creator': 'system',
        'kubesphere.io/description': describe(en, zh),
        ...AUTO,
      },
    },
    aggregationRoleTemplates: { roleSelector: { matchLabels }, ...(templateNames ? { templateNames } : {}) },
    rules,
  })
  const ws = (extra: Record<string, string>) => ({ ...extra, 'iam.kubesphere.io/scope': 'workspace' })
  const ns = (extra: Record<string, string>) => ({
    ...extra,
    'kubesphere.io/managed': 'true',
    'iam.kubesphere.io/scope': 'namespace',
  })
  const OPERATOR_GROUPS = [
    '',
    'apps',
    'extensions',
    'batch',
    'autoscaling',
    'app.k8s.io',
    'operations.kubesphere.io',
    'resources.kubesphere.io',
    'config.istio.io',
    'events.k8s.io',
    'events.kubesphere.io',
    'snapshot.storage.k8s.io',
    'networking.k8s.io',
  ]
  return [
    builtin(
      'workspace-admin',
      'workspace',
      embedded(
        'WorkspaceRole',
        'admin',
        'Manage all resources in the workspace.',
        '管理企业空间中的所有资源。',
        ws({}),
        [rule(['*'], ['*'], ['*'])],
        [
          'workspace-manage-workspace-settings',
          'workspace-view-workspace-settings',
          'workspace-manage-projects',
          'workspace-view-projects',
          'workspace-create-projects',
          'workspace-view-members',
          'workspace-manage-members',
          'workspace-manage-roles',
          'workspace-view-roles',
          'workspace-manage-groups',
          'workspace-view-groups',
        ],
      ),
    ),
    builtin(
      'workspace-regular',
      'workspace',
      embedded(
        'WorkspaceRole',
        'regular',
        'Regular member of the workspace.',
        '企业空间的普通成员。',
        ws({ 'iam.kubesphere.io/aggregate-to-regular': '' }),
        [],
        ['workspace-view-workspace-settings', 'workspace-view-members', 'workspace-view-roles'],
      ),
    ),
    builtin(
      'workspace-self-provisioner',
      'workspace',
      embedded(
        'WorkspaceRole',
        'self-provisioner',
        'Create projects in the workspace and manage the projects one created.',
        '在企业空间中创建项目并管理自己创建的项目。',
        ws({ 'iam.kubesphere.io/aggregate-to-self-provisioner': '' }),
        [],
        [
          'workspace-create-projects',
          'workspace-view-workspace-settings',
          'workspace-view-members',
          'workspace-view-roles',
          'workspace-view-app-repos',
        ],
      ),
    ),
    builtin(
      'workspace-viewer',
      'workspace',
      embedded(
        'WorkspaceRole',
        'viewer',
        'View all resources in the workspace.',
        '查看企业空间中的所有资源。',
        ws({ 'iam.kubesphere.io/aggregate-to-viewer': '' }),
        [READ_ALL],
        [
          'workspace-view-projects',
          'workspace-view-members',
          'workspace-view-roles',
          'workspace-view-groups',
          'workspace-view-workspace-settings',
        ],
      ),
    ),
    builtin(
      'project-admin',
      'namespace',
      embedded('Role', 'admin', 'Manage all resources in the project.', '管理项目中的所有资源。', ns({}), [
        rule(['*'], ['*'], ['*']),
      ]),
    ),
    builtin(
      'project-operator',
      'namespace',
      embedded(
        'Role',
        'operator',
        'Manage resources other than users and roles in the project.',
        '管理项目中除用户和角色之外的资源。',
        ns({ 'iam.kubesphere.io/aggregate-to-operator': '' }),
        [READ_ALL, rule(OPERATOR_GROUPS, ['*'], ['*'])],
      ),
    ),
    builtin(
      'project-viewer',
      'namespace',
      embedded(
        'Role',
        'viewer',
        'View all resources in the project.',
        '查看项目中的所有资源。',
        ns({ 'iam.kubesphere.io/aggregate-to-viewer': '' }),
        [READ_ALL],
      ),
    ),
  ]
}

/** The workspace of the system namespaces, managed by `admin`, placed on every cluster. */
export const SYSTEM_WORKSPACE = 'system-workspace'

export function systemWorkspaceTemplate(): any {
  return {
    apiVersion: `${TENANT_GROUP}/v1beta1`,
    kind: 'WorkspaceTemplate',
    metadata: {
      name: SYSTEM_WORKSPACE,
      labels: { 'kubesphere.io/protected-resource': 'true' },
      annotations: { 'kubesphere.io/creator': 'admin' },
    },
    spec: {
      placement: { clusterSelector: {} },
      template: { spec: { manager: 'admin' } },
    },
  }
}

/** Namespaces the installation labels into the system workspace (authz.md §9.7). */
export const SYSTEM_WORKSPACE_NAMESPACES = [
  'kubesphere-system',
  'kubesphere-controls-system',
  'default',
  'kube-node-lease',
  'kube-public',
  'kube-system',
]
