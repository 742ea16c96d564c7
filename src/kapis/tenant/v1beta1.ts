/**
 * tenant.kubesphere.io/v1beta1 (kapis.md §6): workspace templates and workspaces, the clusters
 * and namespaces of the caller and of a workspace, workspace resource quotas (resource-quotas.ts)
 * and metrics (metrics.ts). Lists are filtered to what the caller may see (visibility.ts).
 * Where a path has two registrations upstream, the first one is what answers: `GET /workspaces`
 * lists Workspace objects here.
 */
import { newNotFound } from '../../apimachinery/errors.js'
import { matches, selectorFromSet } from '../../apimachinery/labels/selector.js'
import { writeJsonText } from '../../server/response-writers.js'
import type { KapisDeps } from '../deps.js'
import { entryOf, writeListResult, type Entry } from '../list.js'
import { CLUSTER_GROUP, TENANT, listOf } from '../objects.js'
import { parseQuery } from '../query.js'
import { withoutKubeconfig } from '../resources/behaviours.js'
import { LIST_QUERY, route, type KapisRequest, type Route } from '../route.js'
import { tenantMetricsRoutes } from './metrics.js'
import { WorkspaceNamespaces } from './namespaces.js'
import { resourceQuotaRoutes } from './resource-quotas.js'
import { listClustersFor, listNamespacesFor, listWorkspacesFor } from './visibility.js'
import { WorkspaceTemplates } from './workspace-templates.js'

export const TENANT_ROOT = '/kapis/tenant.kubesphere.io/v1beta1'

/** The read handlers v1beta1 and the deprecated v1alpha3 share. */
export class TenantReads {
  constructor(private readonly deps: KapisDeps) {}

  async listWorkspaces(r: KapisRequest, kind: 'workspaces' | 'workspacetemplates'): Promise<void> {
    writeListResult(r.res, await listWorkspacesFor(this.deps, r.user, kind, parseQuery(r.query)))
  }

  getWorkspace(r: KapisRequest, kind: 'workspaces' | 'workspacetemplates'): void {
    const name = r.params['workspace']
    const found = this.deps.registry.storeFor(TENANT, kind)?.getCached('', name)
    if (!found) throw newNotFound({ group: TENANT, resource: kind }, name)
    writeJsonText(r.res, 200, found.json())
  }

  async listClusters(r: KapisRequest): Promise<void> {
    writeListResult(r.res, await listClustersFor(this.deps, r.user, parseQuery(r.query)))
  }

  async listNamespaces(r: KapisRequest, workspace: string): Promise<void> {
    writeListResult(r.res, await listNamespacesFor(this.deps, r.user, workspace, parseQuery(r.query)))
  }

  /** The clusters a template places its workspace on; no query parameters apply. */
  async workspaceClusters(r: KapisRequest): Promise<void> {
    const name = r.params['workspace']
    const template = this.deps.registry.get(TENANT, 'workspacetemplates', '', name)
    if (!template) throw newNotFound({ group: TENANT, resource: 'workspacetemplates' }, name)
    const clusters = this.deps.registry.storeFor(CLUSTER_GROUP, 'clusters')
    const placement = template.spec?.placement ?? {}
    let found: Entry[] = []
    if (Array.isArray(placement.clusters)) {
      found = placement.clusters.flatMap((c: any) => {
        const cluster = clusters?.getCached('', c?.name ?? '')
        return cluster ? [cluster] : []
      })
    } else if (placement.clusterSelector) {
      const selector = selectorFromSet(placement.clusterSelector.matchLabels ?? {})
      found = (await listOf(this.deps.registry, CLUSTER_GROUP, 'clusters')).filter((c) =>
        matches(selector, c.obj?.metadata?.labels),
      )
    }
    writeListResult(r.res, {
      items: found.map((c) => entryOf(withoutKubeconfig(c.obj))),
      totalItems: found.length,
    })
  }
}

export function tenantV1beta1Routes(deps: KapisDeps): Route[] {
  const templates = new WorkspaceTemplates(deps)
  const namespaces = new WorkspaceNamespaces(deps)
  const reads = new TenantReads(deps)

  const root = TENANT_ROOT
  const listDoc = (summary: string) => ({ summary, query: LIST_QUERY, returns: 'ListResult' })
  return [
    route('POST', `${root}/workspacetemplates`, (r) => templates.create(r), {
      summary: 'Create a workspace template (placement and manager checked)',
      body: 'Object',
      returns: 'Object',
    }),
    route('DELETE', `${root}/workspacetemplates/{workspace}`, (r) => templates.delete(r), {
      summary: 'Delete a workspace template; propagationPolicy decides what happens to its namespaces',
      body: 'DeleteOptions',
      returns: 'Message',
    }),
    route('PUT', `${root}/workspacetemplates/{workspace}`, (r) => templates.update(r), {
      summary: 'Replace a workspace template',
      body: 'Object',
      returns: 'Object',
    }),
    route('PATCH', `${root}/workspacetemplates/{workspace}`, (r) => templates.patch(r), {
      summary: 'JSON-patch a workspace template',
      body: 'JsonPatch',
      returns: 'Object',
      consumes: ['application/json-patch+json', 'application/json'],
    }),
    route(
      'GET',
      `${root}/workspacetemplates`,
      (r) => reads.listWorkspaces(r, 'workspacetemplates'),
      listDoc('Workspace templates the caller may see'),
    ),
    route(
      'GET',
      `${root}/workspacetemplates/{workspace}`,
      (r) => reads.getWorkspace(r, 'workspacetemplates'),
      {
        summary: 'Get a workspace template',
        returns: 'Object',
      },
    ),
    route(
      'GET',
      `${root}/workspaces`,
      (r) => reads.listWorkspaces(r, 'workspaces'),
      listDoc('Workspaces the caller may see'),
    ),
    route('GET', `${root}/workspaces/{workspace}`, (r) => reads.getWorkspace(r, 'workspaces'), {
      summary: 'Get a workspace',
      returns: 'Object',
    }),
    route('GET', `${root}/clusters`, (r) => reads.listClusters(r), {
      summary: 'Clusters the caller may see (kubeconfig never returned)',
      query: [
        ...LIST_QUERY,
        {
          name: 'roleBindingExists',
          description: 'also clusters where the caller has a RoleBinding',
          type: 'boolean',
        },
      ],
      returns: 'ListResult',
    }),
    route('POST', `${root}/workspaces`, (r) => templates.create(r), {
      summary: 'Create a workspace (a WorkspaceTemplate)',
      body: 'Object',
      returns: 'Object',
    }),
    route('DELETE', `${root}/workspaces/{workspace}`, (r) => templates.delete(r), {
      summary: 'Delete a workspace (its template)',
      body: 'DeleteOptions',
      returns: 'Message',
    }),
    route('PUT', `${root}/workspaces/{workspace}`, (r) => templates.update(r), {
      summary: 'Replace a workspace (its template)',
      body: 'Object',
      returns: 'Object',
    }),
    route('PATCH', `${root}/workspaces/{workspace}`, (r) => templates.patch(r), {
      summary: 'JSON-patch a workspace (its template)',
      body: 'JsonPatch',
      returns: 'Object',
      consumes: ['application/json-patch+json', 'application/json'],
    }),
    route('GET', `${root}/workspaces/{workspace}/clusters`, (r) => reads.workspaceClusters(r), {
      summary: "The clusters of a workspace's placement",
      returns: 'ListResult',
    }),
    route(
      'GET',
      `${root}/namespaces`,
      (r) => reads.listNamespaces(r, ''),
      listDoc('Namespaces the caller may see'),
    ),
    route(
      'GET',
      `${root}/workspaces/{workspace}/namespaces`,
      (r) => reads.listNamespaces(r, r.params['workspace']),
      listDoc('Namespaces of a workspace the caller may see'),
    ),
    route('GET', `${root}/workspaces/{workspace}/namespaces/{namespace}`, (r) => namespaces.get(r), {
      summary: 'Get a namespace of the workspace',
      returns: 'Object',
    }),
    route('DELETE', `${root}/workspaces/{workspace}/namespaces/{namespace}`, (r) => namespaces.delete(r), {
      summary: 'Delete a namespace of the workspace',
      returns: 'Message',
    }),
    route('POST', `${root}/workspaces/{workspace}/namespaces`, (r) => namespaces.create(r), {
      summary: 'Create a namespace in the workspace (labelled kubesphere.io/workspace)',
      body: 'Object',
      returns: 'Object',
    }),
    route(
      'GET',
      `${root}/workspaces/{workspace}/workspacemembers/{workspacemember}/namespaces`,
      async (r) => {
        const member = { name: r.params['workspacemember'], groups: [] }
        writeListResult(
          r.res,
          await listNamespacesFor(deps, member, r.params['workspace'], parseQuery(r.query)),
        )
      },
      listDoc('Namespaces of the workspace a member may see'),
    ),
    route('PUT', `${root}/workspaces/{workspace}/namespaces/{namespace}`, (r) => namespaces.update(r), {
      summary: 'Replace a namespace of the workspace',
      body: 'Object',
      returns: 'Object',
    }),
    route('PATCH', `${root}/workspaces/{workspace}/namespaces/{namespace}`, (r) => namespaces.patch(r), {
      summary: 'Merge a partial Namespace into a namespace of the workspace',
      body: 'Object',
      returns: 'Object',
      consumes: ['application/merge-patch+json', 'application/json'],
    }),
    ...resourceQuotaRoutes(deps, root),
    ...tenantMetricsRoutes(deps, root),
  ]
}
