/**
 * Workspace resource quotas (kapis.md §6.2): cluster-scoped `quota.kubesphere.io/v1alpha2`
 * ResourceQuotas labelled with their workspace and selecting its namespaces. Served when that
 * CRD is installed; a quota of another workspace is not found through this one.
 */
import { newNotFound, newNotFoundPath } from '../../apimachinery/errors.js'
import type { Store, WriteOptions } from '../../registry/store.js'
import { writeJsonText } from '../../server/response-writers.js'
import type { KapisDeps } from '../deps.js'
import { readObject, writeJson, writeSuccess } from '../http.js'
import { WORKSPACE_LABEL } from '../objects.js'
import { route, type KapisRequest, type Route } from '../route.js'

const QUOTA_GROUP = 'quota.kubesphere.io'

export function resourceQuotaRoutes(deps: KapisDeps, root: string): Route[] {
  const quotas = (): Store => {
    const store = deps.registry.storeFor(QUOTA_GROUP, 'resourcequotas')
    if (!store) throw newNotFoundPath()
    return store
  }
  const quotaOf = (r: KapisRequest) => {
    const name = r.params['resourcequota']
    const found = quotas().getCached('', name)
    if (!found || found.obj?.metadata?.labels?.[WORKSPACE_LABEL] !== r.params['workspace']) {
      throw newNotFound({ group: QUOTA_GROUP, resource: 'resourcequotas' }, name)
    }
    return found
  }
  /** The posted quota with the workspace label and selector forced. */
  const quotaBody = async (r: KapisRequest) => {
    const ws = r.params['workspace']
    const body = await readObject(r, 'ResourceQuota')
    const metadata = body['metadata'] ?? {}
    return {
      ...body,
      metadata: { ...metadata, labels: { ...metadata.labels, [WORKSPACE_LABEL]: ws } },
      spec: { ...body['spec'], selector: { [WORKSPACE_LABEL]: ws } },
    }
  }
  const quotaOpts = (r: KapisRequest): WriteOptions => ({ user: r.user, version: quotas().info.version })

  return [
    route(
      'POST',
      `${root}/workspaces/{workspace}/resourcequotas`,
      async (r) => writeJson(r.res, (await quotas().create('', await quotaBody(r), quotaOpts(r))).object),
      {
        summary: 'Create a workspace resource quota (needs the quota.kubesphere.io CRD)',
        body: 'Object',
        returns: 'Object',
      },
    ),
    route(
      'DELETE',
      `${root}/workspaces/{workspace}/resourcequotas/{resourcequota}`,
      async (r) => {
        quotaOf(r)
        await quotas().delete('', r.params['resourcequota'], {}, quotaOpts(r))
        writeSuccess(r.res)
      },
      { summary: 'Delete a workspace resource quota', returns: 'Message' },
    ),
    route(
      'PUT',
      `${root}/workspaces/{workspace}/resourcequotas/{resourcequota}`,
      async (r) => {
        quotaOf(r)
        writeJson(
          r.res,
          (await quotas().update('', r.params['resourcequota'], await quotaBody(r), quotaOpts(r))).object,
        )
      },
      { summary: 'Replace a workspace resource quota', body: 'Object', returns: 'Object' },
    ),
    route(
      'GET',
      `${root}/workspaces/{workspace}/resourcequotas/{resourcequota}`,
      (r) => writeJsonText(r.res, 200, quotaOf(r).json()),
      {
        summary: 'Get a workspace resource quota',
        returns: 'Object',
      },
    ),
  ]
}
