import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { KUBESPHERE_CRDS_DIR, kubesphereCrds } from './crds.js'
import { structuralErrors } from '../apiextensions/structural.js'

type Scope = 'Cluster' | 'Namespaced'

interface Expected {
  group: string
  plural: string
  kind: string
  scope: Scope
  /** Served versions in manifest order; the last one is the storage version. */
  versions: string[]
  categories?: string[]
  /** Printer columns of the storage version as `name=jsonPath`. */
  columns?: string[]
}

const IAM = 'iam.kubesphere.io'
const EXPECTED: Expected[] = [
  {
    group: IAM,
    plural: 'users',
    kind: 'User',
    scope: 'Cluster',
    versions: ['v1alpha2', 'v1beta1'],
    categories: ['iam'],
    columns: ['Email=.spec.email', 'Status=.status.state'],
  },
  {
    group: IAM,
    plural: 'globalroles',
    kind: 'GlobalRole',
    scope: 'Cluster',
    versions: ['v1alpha2', 'v1beta1'],
    categories: ['iam'],
  },
  {
    group: IAM,
    plural: 'globalrolebindings',
    kind: 'GlobalRoleBinding',
    scope: 'Cluster',
    versions: ['v1alpha2', 'v1beta1'],
    categories: ['iam'],
  },
  {
    group: IAM,
    plural: 'clusterroles',
    kind: 'ClusterRole',
    scope: 'Cluster',
    versions: ['v1beta1'],
    categories: ['iam'],
  },
  {
    group: IAM,
    plural: 'clusterrolebindings',
    kind: 'ClusterRoleBinding',
    scope: 'Cluster',
    versions: ['v1beta1'],
    categories: ['iam'],
  },
  {
    group: IAM,
    plural: 'roles',
    kind: 'Role',
    scope: 'Namespaced',
    versions: ['v1beta1'],
    categories: ['iam'],
  },
  {
    group: IAM,
    plural: 'rolebindings',
    kind: 'RoleBinding',
    scope: 'Namespaced',
    versions: ['v1beta1'],
    categories: ['iam'],
  },
  {
    group: IAM,
    plural: 'workspaceroles',
    kind: 'WorkspaceRole',
    scope: 'Cluster',
    versions: ['v1alpha2', 'v1beta1'],
    categories: ['iam'],
    columns: [
      'Workspace=.metadata.labels.kubesphere\\.io/workspace',
      'Alias=.metadata.annotations.kubesphere\\.io/alias-name',
    ],
  },
  {
    group: IAM,
    plural: 'workspacerolebindings',
    kind: 'WorkspaceRoleBinding',
    scope: 'Cluster',
    versions: ['v1alpha2', 'v1beta1'],
    categories: ['iam'],
    columns: ['Workspace=.metadata.labels.kubesphere\\.io/workspace'],
  },
  {
    group: IAM,
    plural: 'roletemplates',
    kind: 'RoleTemplate',
    scope: 'Cluster',
    versions: ['v1beta1'],
    categories: ['iam'],
  },
  {
    group: IAM,
    plural: 'categories',
    kind: 'Category',
    scope: 'Cluster',
    versions: ['v1beta1'],
    categories: ['iam'],
  },
  {
    group: IAM,
    plural: 'builtinroles',
    kind: 'BuiltinRole',
    scope: 'Cluster',
    versions: ['v1beta1'],
    categories: ['iam'],
  },
  {
    group: IAM,
    plural: 'loginrecords',
    kind: 'LoginRecord',
    scope: 'Cluster',
    versions: ['v1alpha2', 'v1beta1'],
    categories: ['iam'],
    columns: [
      'Type=.spec.type',
      'Provider=.spec.provider',
      'From=.spec.sourceIP',
      'Success=.spec.success',
      'Reason=.spec.reason',
      'Age=.metadata.creationTimestamp',
    ],
  },
  {
    group: IAM,
    plural: 'groups',
    kind: 'Group',
    scope: 'Cluster',
    versions: ['v1alpha2', 'v1beta1'],
    categories: ['group'],
    columns: ['Workspace=.metadata.labels.kubesphere\\.io/workspace'],
  },
  {
    group: IAM,
    plural: 'groupbindings',
    kind: 'GroupBinding',
    scope: 'Cluster',
    versions: ['v1alpha2', 'v1beta1'],
    categories: ['group'],
    columns: ['Group=.groupRef.name', 'Users=.users'],
  },
  {
    group: 'kubesphere.io',
    plural: 'serviceaccounts',
    kind: 'ServiceAccount',
    scope: 'Namespaced',
    versions: ['v1alpha1'],
  },
  {
    group: 'tenant.kubesphere.io',
    plural: 'workspaces',
    kind: 'Workspace',
    scope: 'Cluster',
    versions: ['v1alpha1', 'v1beta1'],
    categories: ['tenant'],
  },
  {
    group: 'tenant.kubesphere.io',
    plural: 'workspacetemplates',
    kind: 'WorkspaceTemplate',
    scope: 'Cluster',
    versions: ['v1alpha2', 'v1beta1'],
    categories: ['tenant'],
  },
  {
    group: 'cluster.kubesphere.io',
    plural: 'clusters',
    kind: 'Cluster',
    scope: 'Cluster',
    versions: ['v1alpha1'],
    columns: ['Provider=.spec.provider', 'Version=.status.kubernetesVersion'],
  },
]

const crds = kubesphereCrds()
const byName = new Map(crds.map((c) => [c.metadata.name as string, c]))
const crdFor = (group: string, plural: string) => {
  const crd = byName.get(`${plural}.${group}`)
  assert.ok(crd, `no CRD ${plural}.${group}`)
  return crd
}
const storageVersion = (crd: any) => crd.spec.versions.find((v: any) => v.storage)
const storageSchema = (group: string, plural: string) =>
  storageVersion(crdFor(group, plural)).schema.openAPIV3Schema

void describe('kubesphereCrds: the required kinds', () => {
  void test('exactly the expected CRDs, one file each named <group>_<plural>.yaml', () => {
    const files = readdirSync(KUBESPHERE_CRDS_DIR)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
    const want = EXPECTED.map((e) => `${e.group}_${e.plural}.yaml`).sort()
    assert.deepEqual(files, want)
    assert.deepEqual(
      crds.map((c) => `${c.spec.group}_${c.spec.names.plural}.yaml`),
      want,
    )
  })

  for (const e of EXPECTED) {
    void test(`${e.plural}.${e.group}`, () => {
      const crd = crdFor(e.group, e.plural)
      assert.equal(crd.apiVersion, 'apiextensions.k8s.io/v1')
      assert.equal(crd.kind, 'CustomResourceDefinition')
      assert.equal(crd.metadata.name, `${crd.spec.names.plural}.${crd.spec.group}`)
      assert.equal(crd.spec.group, e.group)
      assert.equal(crd.spec.scope, e.scope)
      assert.deepEqual(crd.spec.names, {
        ...(e.categories ? { categories: e.categories } : {}),
        kind: e.kind,
        listKind: `${e.kind}List`,
        plural: e.plural,
        singular: e.kind.toLowerCase(),
      })
      const versions = crd.spec.versions as any[]
      assert.deepEqual(
        versions.map((v) => v.name),
        e.versions,
      )
      assert.ok(
        versions.every((v) => v.served === true),
        'every version is served',
      )
      const storage = versions.filter((v) => v.storage === true)
      assert.equal(storage.length, 1, 'exactly one storage version')
      assert.equal(storage[0].name, e.versions.at(-1))
      for (const v of versions) {
        assert.equal(v.deprecated === true, !v.storage, `${v.name}: only the older versions are deprecated`)
      }
      const columns = (storage[0].additionalPrinterColumns ?? []).map((c: any) => `${c.name}=${c.jsonPath}`)
      assert.deepEqual(columns, e.columns ?? [])
    })
  }
})

void describe('kubesphereCrds: schemas', () => {
  for (const crd of crds) {
    for (const v of crd.spec.versions) {
      void test(`${crd.metadata.name} ${v.name} is structural`, () => {
        assert.deepEqual(structuralErrors(v.schema?.openAPIV3Schema), [])
      })
    }
  }

  void test('descriptions are our own: none carries upstream Go-doc boilerplate', () => {
    const texts: string[] = []
    const collect = (n: unknown): void => {
      if (Array.isArray(n)) n.forEach(collect)
      else if (n && typeof n === 'object') {
        for (const [k, v] of Object.entries(n)) {
          if (k === 'description' && typeof v === 'string') texts.push(v)
          else collect(v)
        }
      }
    }
    collect(crds)
    assert.ok(texts.length > 0)
    for (const t of texts)
      assert.doesNotMatch(t, /More info:|Schema for the|git\.k8s\.io|defines the (desired|observed) state/, t)
  })

  void test('User: spec and spec.email required; password rules', () => {
    const s = storageSchema(IAM, 'users')
    assert.deepEqual(s.required, ['spec'])
    assert.deepEqual(s.properties.spec.required, ['email'])
    const pw = s.properties.spec.properties.password
    assert.equal(pw.minLength, 8)
    assert.equal(pw.maxLength, 64)
    const re = new RegExp(pw.pattern)
    const lowerHash = 'zchepmzfkpoxcvcyzr5k7orpzz/yse9p/7iub/8u./xhrnsx2loco' // 53 characters
    const cases: [string, boolean][] = [
      ['P@88w0rd', true],
      ['1abcdefG', true],
      ['Aa1', true], // the pattern alone; length is minLength's job
      ['password', false],
      ['PASSWORD1', false],
      // Hash-shaped values without an uppercase letter pass only through the bcrypt alternative.
      [`$2a$10$${lowerHash}`, true],
      [`$2b$10$${lowerHash}`, true],
      [`$2x$10$${lowerHash}`, false],
      [`$2a$10$${lowerHash}x`, false],
    ]
    for (const [value, ok] of cases) assert.equal(re.test(value), ok, value)
  })

  void test('LoginRecord: required spec fields', () => {
    const s = storageSchema(IAM, 'loginrecords')
    assert.deepEqual(s.properties.spec.required, ['provider', 'reason', 'sourceIP', 'success', 'type'])
    assert.equal(s.properties.spec.properties.success.type, 'boolean')
  })

  void test('bindings: roleRef fully required and atomic, subjects need kind and name', () => {
    for (const plural of [
      'globalrolebindings',
      'clusterrolebindings',
      'rolebindings',
      'workspacerolebindings',
    ]) {
      const s = storageSchema(IAM, plural)
      assert.deepEqual(s.required, ['roleRef'], plural)
      assert.deepEqual(s.properties.roleRef.required, ['apiGroup', 'kind', 'name'], plural)
      assert.equal(s.properties.roleRef['x-kubernetes-map-type'], 'atomic', plural)
      assert.deepEqual(s.properties.subjects.items.required, ['kind', 'name'], plural)
    }
  })

  void test('roles: rules need verbs; templateNames is a set', () => {
    for (const plural of ['globalroles', 'clusterroles', 'roles', 'workspaceroles']) {
      const s = storageSchema(IAM, plural)
      assert.deepEqual(s.properties.rules.items.required, ['verbs'], plural)
      assert.equal(
        s.properties.aggregationRoleTemplates.properties.templateNames['x-kubernetes-list-type'],
        'set',
        plural,
      )
    }
    assert.deepEqual(storageSchema(IAM, 'globalroles').required, ['rules'])
    assert.deepEqual(storageSchema(IAM, 'roletemplates').properties.spec.required, ['rules'])
  })

  void test('BuiltinRole.role is an embedded object that keeps unknown fields', () => {
    const s = storageSchema(IAM, 'builtinroles')
    assert.deepEqual(s.required, ['role'])
    assert.equal(s.properties.role['x-kubernetes-embedded-resource'], true)
    assert.equal(s.properties.role['x-kubernetes-preserve-unknown-fields'], true)
  })

  void test('WorkspaceTemplate: placement.clusters is a list-map keyed by name', () => {
    const s = storageSchema('tenant.kubesphere.io', 'workspacetemplates')
    assert.deepEqual(s.properties.spec.required, ['placement', 'template'])
    const clusters = s.properties.spec.properties.placement.properties.clusters
    assert.equal(clusters['x-kubernetes-list-type'], 'map')
    assert.deepEqual(clusters['x-kubernetes-list-map-keys'], ['name'])
  })

  void test('no KubeSphere CRD enables the status or scale subresource', () => {
    for (const crd of crds) {
      for (const v of crd.spec.versions)
        assert.deepEqual(v.subresources ?? {}, {}, `${crd.metadata.name} ${v.name}`)
    }
  })

  void test('each call returns a fresh copy', () => {
    const a = kubesphereCrds()
    a[0].spec.group = 'changed'
    assert.notEqual(kubesphereCrds()[0].spec.group, 'changed')
  })
})

// ---- sample objects from the specs and seeds must fit the schemas ----

const META_KEYS = new Set(['apiVersion', 'kind', 'metadata'])

function typeMatches(value: unknown, schema: any): boolean {
  if (schema['x-kubernetes-int-or-string']) return typeof value === 'string' || Number.isInteger(value)
  switch (schema.type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
    case 'array':
      return Array.isArray(value)
    case 'string':
      return typeof value === 'string'
    case 'integer':
      return Number.isInteger(value)
    case 'number':
      return typeof value === 'number'
    case 'boolean':
      return typeof value === 'boolean'
    default:
      return true
  }
}

/**
 * Fields of `value` the schema does not declare (the ones kube-apiserver would prune) and fields
 * whose JSON type differs from the schema's. At an object root (the resource itself or an embedded
 * resource) apiVersion, kind and metadata are implicit and metadata's content is not looked into.
 */
function fieldProblems(value: unknown, schema: any, path: string, objectRoot = false): string[] {
  if (value === null) return []
  if (!typeMatches(value, schema)) return [`${path || '<root>'}: expected ${schema.type}`]
  const at = (k: string | number) => (typeof k === 'number' ? `${path}[${k}]` : path ? `${path}.${k}` : k)
  if (Array.isArray(value))
    return schema.items ? value.flatMap((x, i) => fieldProblems(x, schema.items, at(i))) : []
  if (typeof value !== 'object') return []
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true
  const problems: string[] = []
  for (const [k, v] of Object.entries(value)) {
    const declared = schema.properties?.[k]
    if (objectRoot && k === 'metadata') continue
    if (declared)
      problems.push(...fieldProblems(v, declared, at(k), declared['x-kubernetes-embedded-resource'] === true))
    else if (typeof schema.additionalProperties === 'object')
      problems.push(...fieldProblems(v, schema.additionalProperties, at(k)))
    else if (!(objectRoot && META_KEYS.has(k)) && !preserve && schema.additionalProperties !== true) {
      problems.push(`${at(k)}: unknown field`)
    }
  }
  return problems
}

/** The schema of the CRD version that serves `obj.apiVersion` / `obj.kind`. */
function schemaFor(obj: { apiVersion: string; kind: string }): any {
  const [group, version] = obj.apiVersion.split('/')
  const crd = crds.find((c) => c.spec.group === group && c.spec.names.kind === obj.kind)
  assert.ok(crd, `no CRD serves ${obj.apiVersion} ${obj.kind}`)
  const v = crd.spec.versions.find((x: any) => x.name === version && x.served)
  assert.ok(v, `${crd.metadata.name} does not serve ${version}`)
  return v.schema.openAPIV3Schema
}

const problemsOf = (obj: any) => fieldProblems(obj, schemaFor(obj), '', true)

const bindingTo = (kind: string, apiVersion = 'iam.kubesphere.io/v1beta1') => ({
  apiVersion,
  kind,
  roleRef: { apiGroup: 'iam.kubesphere.io', kind: kind.replace('Binding', ''), name: 'admin' },
  subjects: [{ apiGroup: 'kubesphere.io', kind: 'ServiceAccount', name: 'sample', namespace: 'default' }],
})
const rules = [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]

const SAMPLES: [string, any][] = [
  // seeds/000: the ServiceAccount as applied, and after the controller gave it a token secret
  [
    'ServiceAccount as created',
    {
      apiVersion: 'kubesphere.io/v1alpha1',
      kind: 'ServiceAccount',
      metadata: { name: 'sample', namespace: 'default' },
      secrets: [],
    },
  ],
  [
    'ServiceAccount with its token secret',
    {
      apiVersion: 'kubesphere.io/v1alpha1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'sample',
        namespace: 'default',
        finalizers: ['finalizers.kubesphere.io/serviceaccount'],
      },
      secrets: [{ name: 'sample-lqmbj', namespace: 'default' }],
    },
  ],
  // seeds/000: the four authorization examples
  [
    'GlobalRoleBinding',
    {
      apiVersion: 'iam.kubesphere.io/v1beta1',
      kind: 'GlobalRoleBinding',
      metadata: { labels: { 'iam.kubesphere.io/role-ref': 'platform-admin' }, name: 'sample-platform-admin' },
      roleRef: { apiGroup: 'iam.kubesphere.io', kind: 'GlobalRole', name: 'platform-admin' },
      subjects: [{ apiGroup: 'kubesphere.io', kind: 'ServiceAccount', name: 'sample', namespace: 'default' }],
    },
  ],
  ['ClusterRoleBinding', { ...bindingTo('ClusterRoleBinding'), metadata: { name: 'sample-cluster-admin' } }],
  [
    'Role',
    {
      apiVersion: 'iam.kubesphere.io/v1beta1',
      kind: 'Role',
      metadata: {
        name: 'admin',
        namespace: 'default',
        annotations: {
          'kubesphere.io/creator': 'system',
          'kubesphere.io/description': '{"en": "Manage all resources in the project."}',
        },
      },
      rules,
    },
  ],
  ['RoleBinding', { ...bindingTo('RoleBinding'), metadata: { name: 'sample-admin', namespace: 'default' } }],
  [
    'WorkspaceRoleBinding',
    {
      ...bindingTo('WorkspaceRoleBinding'),
      metadata: { name: 'sample-admin', labels: { 'kubesphere.io/workspace': 'system-workspace' } },
    },
  ],
  [
    'GlobalRoleBinding served as v1alpha2',
    { ...bindingTo('GlobalRoleBinding', 'iam.kubesphere.io/v1alpha2'), metadata: { name: 'old' } },
  ],
  // auth.md 6.6: the default admin, and a user using every field
  [
    'User admin',
    {
      apiVersion: 'iam.kubesphere.io/v1beta1',
      kind: 'User',
      metadata: {
        name: 'admin',
        annotations: { 'iam.kubesphere.io/uninitialized': 'true', 'kubesphere.io/creator': 'system' },
      },
      spec: {
        email: 'admin@kubesphere.io',
        password: '$2a$10$zcHepmzfKPoxCVCYZr5K7ORPZZ/ySe9p/7IUb/8u./xHrnSX2LOCO',
      },
      status: { state: 'Active' },
    },
  ],
  [
    'User with every field',
    {
      apiVersion: 'iam.kubesphere.io/v1beta1',
      kind: 'User',
      metadata: { name: 'alice' },
      spec: {
        email: 'alice@example.com',
        password: 'P@88w0rd',
        lang: 'en',
        description: 'd',
        displayName: 'Alice',
        groups: ['dev'],
      },
      status: {
        state: 'AuthLimitExceeded',
        reason: 'Failed login attempts exceed 5 in last 10m0s',
        lastTransitionTime: '2026-01-01T00:00:00Z',
        lastLoginTime: '2026-01-01T00:00:00Z',
      },
    },
  ],
  // auth.md 7.1
  [
    'LoginRecord',
    {
      apiVersion: 'iam.kubesphere.io/v1beta1',
      kind: 'LoginRecord',
      metadata: { generateName: 'alice-', labels: { 'iam.kubesphere.io/user-ref': 'alice' } },
      spec: {
        type: 'Token',
        provider: '',
        sourceIP: '127.0.0.1',
        userAgent: 'curl/8',
        success: true,
        reason: 'authenticated successfully',
      },
    },
  ],
  // authz.md 8 and 9
  [
    'GlobalRole with aggregation',
    {
      apiVersion: 'iam.kubesphere.io/v1beta1',
      kind: 'GlobalRole',
      metadata: { name: 'authenticated', annotations: { 'iam.kubesphere.io/auto-aggregate': 'true' } },
      aggregationRoleTemplates: {
        templateNames: ['a', 'b'],
        roleSelector: {
          matchLabels: { 'iam.kubesphere.io/scope': 'global' },
          matchExpressions: [{ key: 'k', operator: 'Exists' }],
        },
      },
      rules: [
        { apiGroups: [''], resources: ['users'], resourceNames: ['x'], verbs: ['get'] },
        { nonResourceURLs: ['/static/images/*'], verbs: ['GET'] },
      ],
    },
  ],
  [
    'WorkspaceRole',
    {
      apiVersion: 'iam.kubesphere.io/v1beta1',
      kind: 'WorkspaceRole',
      metadata: { name: 'ws1-admin' },
      rules,
    },
  ],
  [
    'ClusterRole',
    {
      apiVersion: 'iam.kubesphere.io/v1beta1',
      kind: 'ClusterRole',
      metadata: { name: 'cluster-admin' },
      rules,
    },
  ],
  [
    'RoleTemplate',
    {
      apiVersion: 'iam.kubesphere.io/v1beta1',
      kind: 'RoleTemplate',
      metadata: { name: 'global-create-workspaces', labels: { 'iam.kubesphere.io/scope': 'global' } },
      spec: { displayName: { en: 'Workspace Creation' }, description: { en: 'Create workspaces.' }, rules },
    },
  ],
  [
    'Category',
    {
      apiVersion: 'iam.kubesphere.io/v1beta1',
      kind: 'Category',
      metadata: { name: 'c' },
      spec: { displayName: { en: 'C' }, icon: 'cluster' },
    },
  ],
  [
    'BuiltinRole embedding a WorkspaceRole',
    {
      apiVersion: 'iam.kubesphere.io/v1beta1',
      kind: 'BuiltinRole',
      metadata: { name: 'workspace-admin', labels: { 'iam.kubesphere.io/scope': 'workspace' } },
      role: {
        apiVersion: 'iam.kubesphere.io/v1beta1',
        kind: 'WorkspaceRole',
        metadata: { name: 'admin' },
        rules,
        anything: { kept: true },
      },
      targetSelector: { matchLabels: { a: 'b' } },
    },
  ],
  [
    'Group',
    {
      apiVersion: 'iam.kubesphere.io/v1beta1',
      kind: 'Group',
      metadata: { name: 'dev' },
      spec: {},
      status: {},
    },
  ],
  [
    'GroupBinding',
    {
      apiVersion: 'iam.kubesphere.io/v1beta1',
      kind: 'GroupBinding',
      metadata: { name: 'dev-alice' },
      groupRef: { apiGroup: 'iam.kubesphere.io', kind: 'Group', name: 'dev' },
      users: ['alice'],
    },
  ],
  // authz.md 9.7, kapis.md 6.1
  [
    'WorkspaceTemplate system-workspace',
    {
      apiVersion: 'tenant.kubesphere.io/v1beta1',
      kind: 'WorkspaceTemplate',
      metadata: { name: 'system-workspace', labels: { 'kubesphere.io/protected-resource': 'true' } },
      spec: {
        template: {
          metadata: { labels: { a: 'b' }, annotations: { 'kubesphere.io/creator': 'admin' } },
          spec: { manager: 'admin' },
        },
        placement: { clusters: [{ name: 'host' }], clusterSelector: {} },
      },
    },
  ],
  [
    'Workspace',
    {
      apiVersion: 'tenant.kubesphere.io/v1beta1',
      kind: 'Workspace',
      metadata: { name: 'ws1' },
      spec: { manager: 'admin' },
      status: {},
    },
  ],
  // kapis.md 7.1: the host cluster as bootstrapped, with observed status
  [
    'Cluster host',
    {
      apiVersion: 'cluster.kubesphere.io/v1alpha1',
      kind: 'Cluster',
      metadata: {
        name: 'host',
        labels: { 'cluster-role.kubesphere.io/host': '', 'kubesphere.io/managed': 'true' },
      },
      spec: {
        provider: 'kubesphere',
        connection: {
          type: 'direct',
          kubeconfig: 'YXBpVmVyc2lvbjogdjE=',
          kubernetesAPIEndpoint: 'https://127.0.0.1:6443',
        },
        externalKubeAPIEnabled: false,
      },
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            lastUpdateTime: '2026-01-01T00:00:00Z',
            lastTransitionTime: '2026-01-01T00:00:00Z',
            reason: 'Ready',
            message: '',
          },
        ],
        kubernetesVersion: 'v1.32.0',
        kubeSphereVersion: 'v4.1.3',
        nodeCount: 1,
        zones: [],
        uid: 'x',
      },
    },
  ],
]

void describe('sample objects fit the schemas', () => {
  for (const [name, obj] of SAMPLES) {
    void test(name, () => assert.deepEqual(problemsOf(obj), []))
  }

  void test('every required kind has a sample', () => {
    const kinds = new Set(SAMPLES.map(([, o]) => o.kind as string))
    assert.deepEqual(
      EXPECTED.map((e) => e.kind).filter((k) => !kinds.has(k)),
      [],
    )
  })
})

void describe('the sample walker finds misfits', () => {
  const cases: [string, any, string[]][] = [
    [
      'ServiceAccount secrets under spec',
      {
        apiVersion: 'kubesphere.io/v1alpha1',
        kind: 'ServiceAccount',
        metadata: { name: 's' },
        spec: { secrets: [] },
      },
      ['spec: unknown field'],
    ],
    [
      'misspelt User field',
      {
        apiVersion: 'iam.kubesphere.io/v1beta1',
        kind: 'User',
        metadata: { name: 'a' },
        spec: { emial: 'a@b.c' },
      },
      ['spec.emial: unknown field'],
    ],
    [
      'roleRef name of the wrong type',
      { ...bindingTo('GlobalRoleBinding'), roleRef: { apiGroup: 'a', kind: 'GlobalRole', name: 5 } },
      ['roleRef.name: expected string'],
    ],
    [
      'field inside an empty status schema',
      { apiVersion: 'tenant.kubesphere.io/v1beta1', kind: 'Workspace', status: { phase: 'x' } },
      ['status.phase: unknown field'],
    ],
    [
      'template metadata beyond labels and annotations',
      {
        apiVersion: 'tenant.kubesphere.io/v1beta1',
        kind: 'WorkspaceTemplate',
        spec: { template: { metadata: { name: 'x' } } },
      },
      ['spec.template.metadata.name: unknown field'],
    ],
  ]
  for (const [name, obj, want] of cases) {
    void test(name, () => assert.deepEqual(problemsOf(obj), want))
  }
})
