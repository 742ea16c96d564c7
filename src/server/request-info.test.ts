import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { parseRequestInfo, RequestInfoError, type RequestInfo } from './request-info.js'

type Expected = Partial<RequestInfo>

function parse(method: string, target: string): RequestInfo {
  const q = target.indexOf('?')
  const path = q < 0 ? target : target.slice(0, q)
  return parseRequestInfo(method, path, new URLSearchParams(q < 0 ? '' : target.slice(q + 1)))
}

const EMPTY = {
  apiGroup: '',
  apiVersion: '',
  cluster: '',
  workspace: '',
  namespace: '',
  resource: '',
  name: '',
  subresource: '',
}

// The cases of KubeSphere's requestinfo_test.go (authz.md §3.6, first table), every field checked.
const upstreamCases: [string, string, string, Expected][] = [
  [
    'oauth authorize',
    'POST',
    '/oauth/authorize?client_id=ks-console&response_type=token',
    {
      ...EMPTY,
      verb: 'POST',
      resourceScope: '',
      isResourceRequest: false,
      isKubernetesRequest: false,
      path: '/oauth/authorize',
    },
  ],
  [
    'cluster-prefixed cluster roles',
    'GET',
    '/clusters/gondor/apis/rbac.authorization.k8s.io/v1/clusterroles',
    {
      ...EMPTY,
      verb: 'list',
      apiGroup: 'rbac.authorization.k8s.io',
      apiVersion: 'v1',
      cluster: 'gondor',
      resource: 'clusterroles',
      resourceScope: 'Cluster',
      isResourceRequest: true,
      isKubernetesRequest: true,
      path: '/apis/rbac.authorization.k8s.io/v1/clusterroles',
    },
  ],
  [
    'nodes',
    'GET',
    '/api/v1/nodes',
    {
      ...EMPTY,
      verb: 'list',
      apiVersion: 'v1',
      resource: 'nodes',
      resourceScope: 'Cluster',
      isResourceRequest: true,
      isKubernetesRequest: true,
    },
  ],
  [
    'cluster-prefixed nodes',
    'GET',
    '/clusters/gondor/api/v1/nodes',
    {
      ...EMPTY,
      verb: 'list',
      apiVersion: 'v1',
      cluster: 'gondor',
      resource: 'nodes',
      resourceScope: 'Cluster',
      isResourceRequest: true,
      isKubernetesRequest: true,
      path: '/api/v1/nodes',
    },
  ],
  [
    'cluster-prefixed roles in a namespace',
    'GET',
    '/clusters/gondor/apis/rbac.authorization.k8s.io/v1/namespaces/namespace1/roles',
    {
      ...EMPTY,
      verb: 'list',
      apiGroup: 'rbac.authorization.k8s.io',
      apiVersion: 'v1',
      cluster: 'gondor',
      namespace: 'namespace1',
      resource: 'roles',
      resourceScope: 'Namespace',
      isResourceRequest: true,
      isKubernetesRequest: true,
    },
  ],
  [
    'roles in a namespace',
    'GET',
    '/apis/rbac.authorization.k8s.io/v1/namespaces/namespace1/roles',
    {
      ...EMPTY,
      verb: 'list',
      apiGroup: 'rbac.authorization.k8s.io',
      apiVersion: 'v1',
      namespace: 'namespace1',
      resource: 'roles',
      resourceScope: 'Namespace',
      isResourceRequest: true,
      isKubernetesRequest: true,
    },
  ],
  [
    'workspace namespaces',
    'GET',
    '/kapis/resources.kubesphere.io/v1alpha3/workspaces/workspace1/namespaces',
    {
      ...EMPTY,
      verb: 'list',
      apiGroup: 'resources.kubesphere.io',
      apiVersion: 'v1alpha3',
      workspace: 'workspace1',
      resource: 'namespaces',
      resourceScope: 'Workspace',
      isResourceRequest: true,
      isKubernetesRequest: false,
    },
  ],
  [
    'cluster-prefixed workspace namespaces',
    'GET',
    '/clusters/gondor/kapis/resources.kubesphere.io/v1alpha3/workspaces/workspace1/namespaces',
    {
      ...EMPTY,
      verb: 'list',
      apiGroup: 'resources.kubesphere.io',
      apiVersion: 'v1alpha3',
      cluster: 'gondor',
      workspace: 'workspace1',
      resource: 'namespaces',
      resourceScope: 'Workspace',
      isResourceRequest: true,
      isKubernetesRequest: false,
    },
  ],
  [
    'clusters (global)',
    'GET',
    '/apis/cluster.kubesphere.io/v1alpha1/clusters',
    {
      ...EMPTY,
      verb: 'list',
      apiGroup: 'cluster.kubesphere.io',
      apiVersion: 'v1alpha1',
      resource: 'clusters',
      resourceScope: 'Global',
      isResourceRequest: true,
      isKubernetesRequest: true,
    },
  ],
  [
    'one cluster (global)',
    'GET',
    '/apis/cluster.kubesphere.io/v1alpha1/clusters/gondor',
    {
      ...EMPTY,
      verb: 'get',
      apiGroup: 'cluster.kubesphere.io',
      apiVersion: 'v1alpha1',
      resource: 'clusters',
      name: 'gondor',
      resourceScope: 'Global',
      isResourceRequest: true,
      isKubernetesRequest: true,
    },
  ],
  [
    'unknown prefix',
    'GET',
    '/foo/bar',
    { ...EMPTY, verb: 'GET', resourceScope: '', isResourceRequest: false, isKubernetesRequest: false },
  ],
  [
    'workspaces (global)',
    'GET',
    '/kapis/tenant.kubesphere.io/v1alpha2/workspaces',
    {
      ...EMPTY,
      verb: 'list',
      apiGroup: 'tenant.kubesphere.io',
      apiVersion: 'v1alpha2',
      resource: 'workspaces',
      resourceScope: 'Global',
      isResourceRequest: true,
      isKubernetesRequest: false,
    },
  ],
  [
    'short kapis path',
    'POST',
    '/kapis/foo/bar/',
    { ...EMPTY, verb: 'POST', resourceScope: '', isResourceRequest: false, isKubernetesRequest: false },
  ],
]

// Further cases of authz.md §3.6 (second table).
const derivedCases: [string, string, string, Expected][] = [
  [
    'tenant clusters',
    'GET',
    '/kapis/tenant.kubesphere.io/v1beta1/clusters',
    {
      verb: 'list',
      apiGroup: 'tenant.kubesphere.io',
      apiVersion: 'v1beta1',
      resource: 'clusters',
      workspace: '',
      resourceScope: 'Global',
      isKubernetesRequest: false,
    },
  ],
  [
    'tenant workspaces',
    'GET',
    '/kapis/tenant.kubesphere.io/v1beta1/workspaces',
    { verb: 'list', resource: 'workspaces', resourceScope: 'Global' },
  ],
  [
    'one workspace',
    'GET',
    '/kapis/tenant.kubesphere.io/v1beta1/workspaces/ws1',
    { verb: 'get', workspace: 'ws1', resource: 'workspaces', name: 'ws1', resourceScope: 'Workspace' },
  ],
  [
    'namespaces of a workspace',
    'GET',
    '/kapis/tenant.kubesphere.io/v1beta1/workspaces/ws1/namespaces',
    { verb: 'list', workspace: 'ws1', resource: 'namespaces', name: '', resourceScope: 'Workspace' },
  ],
  [
    'create a namespace in a workspace',
    'POST',
    '/kapis/tenant.kubesphere.io/v1beta1/workspaces/ws1/namespaces',
    { verb: 'create', workspace: 'ws1', resource: 'namespaces', resourceScope: 'Workspace' },
  ],
  [
    'a namespace of a workspace',
    'GET',
    '/kapis/tenant.kubesphere.io/v1beta1/workspaces/ws1/namespaces/ns1',
    {
      verb: 'get',
      workspace: 'ws1',
      namespace: 'ns1',
      resource: 'namespaces',
      name: 'ns1',
      resourceScope: 'Namespace',
    },
  ],
  [
    'clusters of a workspace',
    'GET',
    '/kapis/tenant.kubesphere.io/v1beta1/workspaces/ws1/clusters',
    { verb: 'list', workspace: 'ws1', resource: 'clusters', resourceScope: 'Workspace' },
  ],
  [
    'member namespaces',
    'GET',
    '/kapis/tenant.kubesphere.io/v1beta1/workspaces/ws1/workspacemembers/bob/namespaces',
    {
      verb: 'get',
      workspace: 'ws1',
      resource: 'workspacemembers',
      name: 'bob',
      subresource: 'namespaces',
      resourceScope: 'Workspace',
    },
  ],
  [
    'create a workspace template',
    'POST',
    '/kapis/tenant.kubesphere.io/v1beta1/workspacetemplates',
    { verb: 'create', workspace: '', resource: 'workspacetemplates', resourceScope: 'Cluster' },
  ],
  [
    'delete a workspace template',
    'DELETE',
    '/kapis/tenant.kubesphere.io/v1beta1/workspacetemplates/ws1',
    {
      verb: 'delete',
      workspace: 'ws1',
      resource: 'workspacetemplates',
      name: 'ws1',
      resourceScope: 'Workspace',
    },
  ],
  [
    'a workspace template over /apis',
    'GET',
    '/apis/tenant.kubesphere.io/v1beta1/workspacetemplates/ws1',
    {
      verb: 'get',
      workspace: 'ws1',
      resource: 'workspacetemplates',
      name: 'ws1',
      resourceScope: 'Workspace',
      isKubernetesRequest: true,
    },
  ],
  [
    'a user',
    'GET',
    '/kapis/iam.kubesphere.io/v1beta1/users/alice',
    { verb: 'get', apiGroup: 'iam.kubesphere.io', resource: 'users', name: 'alice', resourceScope: 'Global' },
  ],
  [
    'a password',
    'PUT',
    '/kapis/iam.kubesphere.io/v1beta1/users/alice/password',
    { verb: 'update', resource: 'users', name: 'alice', subresource: 'password', resourceScope: 'Global' },
  ],
  [
    'role templates of a user',
    'GET',
    '/kapis/iam.kubesphere.io/v1beta1/users/alice/roletemplates?scope=global',
    { verb: 'get', resource: 'users', name: 'alice', subresource: 'roletemplates', resourceScope: 'Global' },
  ],
  [
    'subject access reviews',
    'POST',
    '/kapis/iam.kubesphere.io/v1beta1/subjectaccessreviews',
    { verb: 'create', resource: 'subjectaccessreviews', resourceScope: 'Cluster' },
  ],
  [
    'cluster members',
    'GET',
    '/kapis/iam.kubesphere.io/v1beta1/clustermembers',
    { verb: 'list', resource: 'clustermembers', resourceScope: 'Cluster' },
  ],
  [
    'a workspace member',
    'GET',
    '/kapis/iam.kubesphere.io/v1beta1/workspaces/ws1/workspacemembers/bob',
    { verb: 'get', workspace: 'ws1', resource: 'workspacemembers', name: 'bob', resourceScope: 'Workspace' },
  ],
  [
    'workspace roles of a workspace',
    'GET',
    '/kapis/iam.kubesphere.io/v1beta1/workspaces/ws1/workspaceroles',
    { verb: 'list', workspace: 'ws1', resource: 'workspaceroles', resourceScope: 'Workspace' },
  ],
  [
    'a workspace role over /apis',
    'GET',
    '/apis/iam.kubesphere.io/v1beta1/workspaceroles/ws1-admin',
    {
      verb: 'get',
      workspace: '',
      resource: 'workspaceroles',
      name: 'ws1-admin',
      resourceScope: 'Cluster',
      isKubernetesRequest: true,
    },
  ],
  [
    'namespace members',
    'POST',
    '/kapis/iam.kubesphere.io/v1beta1/namespaces/ns1/namespacemembers',
    { verb: 'create', namespace: 'ns1', resource: 'namespacemembers', resourceScope: 'Namespace' },
  ],
  [
    'oauth config',
    'GET',
    '/kapis/config.kubesphere.io/v1alpha2/configs/oauth',
    {
      verb: 'get',
      apiGroup: 'config.kubesphere.io',
      apiVersion: 'v1alpha2',
      resource: 'configs',
      name: 'oauth',
      resourceScope: 'Cluster',
    },
  ],
  [
    'legacy cluster form',
    'GET',
    '/kapis/clusters/gondor/resources.kubesphere.io/v1alpha3/nodes',
    {
      verb: 'list',
      cluster: 'gondor',
      apiGroup: 'resources.kubesphere.io',
      apiVersion: 'v1alpha3',
      resource: 'nodes',
      resourceScope: 'Cluster',
      path: '/kapis/resources.kubesphere.io/v1alpha3/nodes',
    },
  ],
  [
    'all namespaces',
    'GET',
    '/api/v1/namespaces',
    {
      verb: 'list',
      apiVersion: 'v1',
      namespace: '',
      resource: 'namespaces',
      resourceScope: 'Cluster',
      isKubernetesRequest: true,
    },
  ],
  [
    'one namespace',
    'GET',
    '/api/v1/namespaces/ns1',
    { verb: 'get', namespace: 'ns1', resource: 'namespaces', name: 'ns1', resourceScope: 'Namespace' },
  ],
  [
    'namespace finalize',
    'PUT',
    '/api/v1/namespaces/ns1/finalize',
    {
      verb: 'update',
      namespace: 'ns1',
      resource: 'namespaces',
      name: 'ns1',
      subresource: 'finalize',
      resourceScope: 'Namespace',
    },
  ],
  [
    'namespace status',
    'GET',
    '/api/v1/namespaces/ns1/status',
    {
      verb: 'get',
      namespace: 'ns1',
      resource: 'namespaces',
      name: 'ns1',
      subresource: 'status',
      resourceScope: 'Namespace',
    },
  ],
  [
    'pod log',
    'GET',
    '/api/v1/namespaces/ns1/pods/p1/log',
    {
      verb: 'get',
      namespace: 'ns1',
      resource: 'pods',
      name: 'p1',
      subresource: 'log',
      resourceScope: 'Namespace',
    },
  ],
  [
    'pod exec',
    'POST',
    '/api/v1/namespaces/ns1/pods/p1/exec?command=ls',
    { verb: 'create', namespace: 'ns1', resource: 'pods', name: 'p1', subresource: 'exec' },
  ],
  [
    'delete collection',
    'DELETE',
    '/api/v1/namespaces/ns1/pods',
    { verb: 'deletecollection', namespace: 'ns1', resource: 'pods', name: '' },
  ],
  [
    'watch by query',
    'GET',
    '/api/v1/namespaces/ns1/pods?watch=true',
    { verb: 'watch', namespace: 'ns1', resource: 'pods' },
  ],
  ['watch by query, empty value', 'GET', '/api/v1/namespaces/ns1/pods?watch=', { verb: 'watch' }],
  ['watch=false is a list', 'GET', '/api/v1/namespaces/ns1/pods?watch=False', { verb: 'list' }],
  ['watch=0 is a list', 'GET', '/api/v1/namespaces/ns1/pods?watch=0', { verb: 'list' }],
  [
    'watch by path',
    'GET',
    '/api/v1/watch/namespaces/ns1/pods/p1',
    { verb: 'watch', namespace: 'ns1', resource: 'pods', name: 'p1', resourceScope: 'Namespace' },
  ],
  [
    'name from a field selector',
    'GET',
    '/api/v1/namespaces/ns1/pods?fieldSelector=metadata.name%3Dp1',
    { verb: 'list', namespace: 'ns1', resource: 'pods', name: 'p1', resourceScope: 'Namespace' },
  ],
  [
    'name from a == field selector',
    'GET',
    '/api/v1/nodes?fieldSelector=spec.unschedulable%3Dfalse,metadata.name%3D%3Dn1',
    { verb: 'list', resource: 'nodes', name: 'n1' },
  ],
  [
    'a malformed field selector pins no name',
    'GET',
    '/api/v1/nodes?fieldSelector=metadata.name',
    { verb: 'list', name: '' },
  ],
  [
    'a bad limit discards the options but not watch',
    'GET',
    '/api/v1/nodes?limit=x&watch=1&fieldSelector=metadata.name%3Dn1',
    { verb: 'watch', name: '' },
  ],
  [
    'a name that is not a path segment is not pinned',
    'GET',
    '/api/v1/nodes?fieldSelector=metadata.name%3Da%252Fb',
    { verb: 'list', name: '' },
  ],
  [
    'proxy verb',
    'GET',
    '/api/v1/proxy/namespaces/ns1/pods/p1/a/b',
    {
      verb: 'proxy',
      namespace: 'ns1',
      resource: 'pods',
      name: 'p1',
      subresource: '',
      resourceScope: 'Namespace',
    },
  ],
  [
    'node proxy subresource',
    'GET',
    '/api/v1/nodes/n1/proxy/metrics',
    { verb: 'get', resource: 'nodes', name: 'n1', subresource: 'proxy', resourceScope: 'Cluster' },
  ],
  [
    'workspace from a watch selector',
    'GET',
    '/api/v1/watch/namespaces?labelSelector=kubesphere.io/workspace%3Dsystem-workspace',
    { verb: 'watch', workspace: 'system-workspace', resource: 'namespaces', resourceScope: 'Workspace' },
  ],
  [
    'workspace selector on a list does nothing',
    'GET',
    '/api/v1/namespaces?labelSelector=kubesphere.io/workspace%3Dws1',
    { verb: 'list', workspace: '', resourceScope: 'Cluster' },
  ],
  [
    'HEAD of a collection is list',
    'HEAD',
    '/api/v1/nodes',
    { verb: 'list', resource: 'nodes', resourceScope: 'Cluster' },
  ],
  [
    'OPTIONS has no verb',
    'OPTIONS',
    '/api/v1/nodes',
    { verb: '', resource: 'nodes', resourceScope: 'Cluster', isResourceRequest: true },
  ],
  [
    'group version discovery',
    'GET',
    '/apis/apps/v1',
    {
      verb: 'GET',
      isResourceRequest: false,
      apiPrefix: 'apis',
      isKubernetesRequest: true,
      resourceScope: '',
    },
  ],
  ['/api', 'GET', '/api', { verb: 'GET', isResourceRequest: false, isKubernetesRequest: true }],
  ['/apis', 'GET', '/apis', { verb: 'GET', isResourceRequest: false, isKubernetesRequest: true }],
  ['/api/v1', 'GET', '/api/v1', { verb: 'GET', isResourceRequest: false, isKubernetesRequest: true }],
  ['/apis/apps', 'GET', '/apis/apps', { verb: 'GET', isResourceRequest: false, isKubernetesRequest: true }],
  [
    '/kapis/version',
    'GET',
    '/kapis/version',
    { verb: 'GET', isResourceRequest: false, isKubernetesRequest: false },
  ],
  [
    'cluster-prefixed healthz',
    'GET',
    '/clusters/host/healthz',
    { verb: 'GET', isResourceRequest: false, cluster: 'host', path: '/healthz', isKubernetesRequest: false },
  ],
  [
    'cluster-prefixed version is discovery, not a crash',
    'GET',
    '/clusters/host/api/v1',
    { verb: 'GET', isResourceRequest: false, cluster: 'host', path: '/api/v1', isKubernetesRequest: true },
  ],
  [
    'cluster-prefixed /api',
    'GET',
    '/clusters/host/api',
    { verb: 'GET', isResourceRequest: false, cluster: 'host', path: '/api', isKubernetesRequest: true },
  ],
  [
    'workspace template status over /apis keeps its shape',
    'PUT',
    '/apis/tenant.kubesphere.io/v1beta1/workspacetemplates/ws1/status',
    {
      verb: 'update',
      workspace: 'ws1',
      resource: 'workspacetemplates',
      name: 'ws1',
      subresource: 'status',
      resourceScope: 'Workspace',
    },
  ],
  [
    'kapi is group-less',
    'GET',
    '/kapi/v1/namespaces/ns1/things',
    {
      verb: 'list',
      apiPrefix: 'kapi',
      apiGroup: '',
      apiVersion: 'v1',
      namespace: 'ns1',
      resource: 'things',
      isKubernetesRequest: false,
    },
  ],
  [
    'users in another group are not global',
    'GET',
    '/apis/example.io/v1/users',
    { verb: 'list', resource: 'users', resourceScope: 'Cluster' },
  ],
]

describe('parseRequestInfo', () => {
  for (const [name, method, target, expected] of [...upstreamCases, ...derivedCases]) {
    test(name, () => {
      const info = parse(method, target)
      const picked = Object.fromEntries(Object.keys(expected).map((k) => [k, info[k as keyof RequestInfo]]))
      assert.deepEqual(picked, expected)
    })
  }

  test('a watch segment with nothing after it cannot be parsed', () => {
    assert.throws(
      () => parse('GET', '/api/v1/watch'),
      (e: unknown) => {
        assert.ok(e instanceof RequestInfoError)
        assert.equal(e.message, 'unable to determine kind and namespace from url: /api/v1/watch')
        return true
      },
    )
    assert.throws(() => parse('GET', '/api/v1/proxy?x=1'), /from url: \/api\/v1\/proxy\?x=1$/)
  })

  test('parts are the segments from the resource on', () => {
    assert.deepEqual(parse('GET', '/api/v1/namespaces/ns1/pods/p1/log').parts, ['pods', 'p1', 'log'])
    assert.deepEqual(parse('GET', '/api/v1/namespaces/ns1').parts, ['namespaces', 'ns1'])
  })
})
