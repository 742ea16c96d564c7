/**
 * tenant.kubesphere.io/v1alpha3 (kapis.md §6.4): deprecated reads. Upstream registered the
 * template handlers first on `/workspaces` and `/workspaces/{workspace}`, so here those paths
 * answer WorkspaceTemplates (the opposite of v1beta1).
 */
import type { KapisDeps } from '../deps.js'
import { LIST_QUERY, route, type Route } from '../route.js'
import { WorkspaceNamespaces } from './namespaces.js'
import { TenantReads } from './v1beta1.js'

export const TENANT_V1ALPHA3_ROOT = '/kapis/tenant.kubesphere.io/v1alpha3'

export function tenantV1alpha3Routes(deps: KapisDeps): Route[] {
  const reads = new TenantReads(deps)
  const namespaces = new WorkspaceNamespaces(deps)
  const root = TENANT_V1ALPHA3_ROOT
  const list = (summary: string) => ({ summary, deprecated: true, query: LIST_QUERY, returns: 'ListResult' })
  const one = (summary: string) => ({ summary, deprecated: true, returns: 'Object' })
  return [
    route('GET', `${root}/clusters`, (r) => reads.listClusters(r), list('Clusters the caller may see')),
    route(
      'GET',
      `${root}/workspaces`,
      (r) => reads.listWorkspaces(r, 'workspacetemplates'),
      list('Workspace templates the caller may see'),
    ),
    route(
      'GET',
      `${root}/workspaces/{workspace}`,
      (r) => reads.getWorkspace(r, 'workspacetemplates'),
      one('Get a workspace template'),
    ),
    route('GET', `${root}/workspaces/{workspace}/clusters`, (r) => reads.workspaceClusters(r), {
      summary: "The clusters of a workspace's placement",
      deprecated: true,
      returns: 'ListResult',
    }),
    route(
      'GET',
      `${root}/namespaces`,
      (r) => reads.listNamespaces(r, ''),
      list('Namespaces the caller may see'),
    ),
    route(
      'GET',
      `${root}/workspaces/{workspace}/namespaces`,
      (r) => reads.listNamespaces(r, r.params['workspace']),
      list('Namespaces of a workspace'),
    ),
    route(
      'GET',
      `${root}/workspaces/{workspace}/namespaces/{namespace}`,
      (r) => namespaces.get(r),
      one('Get a namespace of the workspace'),
    ),
    route(
      'GET',
      `${root}/workspacetemplates`,
      (r) => reads.listWorkspaces(r, 'workspacetemplates'),
      list('Workspace templates the caller may see'),
    ),
    route(
      'GET',
      `${root}/workspacetemplates/{workspace}`,
      (r) => reads.getWorkspace(r, 'workspacetemplates'),
      one('Get a workspace template'),
    ),
  ]
}
