/**
 * Tenant metrics (kapis.md §6.2): object counts of a workspace, and the platform counts as the
 * caller sees them (its workspaces and clusters; install plans only for those who may list them).
 */
import { selectorFromSet } from '../../apimachinery/labels/selector.js'
import { allowed } from '../access.js'
import type { KapisDeps } from '../deps.js'
import { writeJson } from '../http.js'
import { metricResults } from '../metrics.js'
import { IAM, WORKSPACE_LABEL, countOf, listOf } from '../objects.js'
import { parseQuery } from '../query.js'
import { route, type Route } from '../route.js'
import { listClustersFor, listNamespacesFor, listWorkspacesFor } from './visibility.js'

export function tenantMetricsRoutes(deps: KapisDeps, root: string): Route[] {
  const { registry } = deps
  return [
    route(
      'GET',
      `${root}/workspaces/{workspace}/metrics`,
      async (r) => {
        const ws = r.params['workspace']
        const labelled = async (resource: string) =>
          (await listOf(registry, IAM, resource, '', selectorFromSet({ [WORKSPACE_LABEL]: ws }))).length
        const namespaceList = await listNamespacesFor(deps, r.user, ws, parseQuery(new URLSearchParams()))
        writeJson(
          r.res,
          metricResults('workspace', [
            ['workspacerolebinding_count', await labelled('workspacerolebindings')],
            ['workspacerole_count', await labelled('workspaceroles')],
            ['namespace_count', namespaceList.totalItems],
          ]),
        )
      },
      { summary: 'Object counts of a workspace', returns: 'MetricResults' },
    ),
    route(
      'GET',
      `${root}/metrics`,
      async (r) => {
        const counts: [string, number][] = [['user_count', countOf(registry, IAM, 'users')]]
        if (
          await allowed(deps.access, {
            user: r.user,
            verb: 'list',
            apiGroup: 'kubesphere.io',
            resource: 'installplans',
            resourceScope: 'Global',
          })
        ) {
          counts.push(['installplan_count', countOf(registry, 'kubesphere.io', 'installplans')])
        }
        const workspaces = (
          await listWorkspacesFor(deps, r.user, 'workspacetemplates', parseQuery(new URLSearchParams()))
        ).totalItems
        if (workspaces > 0) counts.push(['workspace_count', workspaces])
        const managed = parseQuery(new URLSearchParams({ labelSelector: 'kubesphere.io/managed=true' }))
        const clusters = (await listClustersFor(deps, r.user, managed)).totalItems
        if (clusters > 0) counts.push(['cluster_count', clusters])
        writeJson(r.res, metricResults('platform', counts))
      },
      { summary: 'Platform object counts as the caller sees them', returns: 'MetricResults' },
    ),
  ]
}
