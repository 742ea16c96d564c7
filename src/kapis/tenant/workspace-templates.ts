/**
 * Writing WorkspaceTemplates (kapis.md §6.2 create rules), shared by the `/workspacetemplates`
 * and `/workspaces` routes:
 *  1. every placement cluster must exist; a cluster that is not public needs `delete clusters`
 *     globally or a cluster-admin ClusterRoleBinding labelled with the caller;
 *  2. a manager other than the caller needs `delete workspacetemplates` globally;
 *  3. then the write itself.
 * PUT checks rule 1; PATCH (a JSON Patch) checks rule 1 for added clusters and rule 2 for any
 * change outside `/spec/placement`. DELETE records the propagation policy as an annotation first.
 */
import { isNotFound, newBadRequest, newForbidden, newNotFound } from '../../apimachinery/errors.js'
import { isPlainObject } from '../../apimachinery/meta.js'
import { applyJsonPatch, decodeJsonPatch } from '../../apimachinery/patch/json-patch.js'
import type { UserInfo } from '../../apimachinery/user.js'
import type { DeleteOptions, Store, WriteOptions } from '../../registry/store.js'
import { readBody } from '../../server/body.js'
import { allowed } from '../access.js'
import type { KapisDeps } from '../deps.js'
import { readJson, readObject, writeJson, writeSuccess } from '../http.js'
import { CLUSTER_GROUP, IAM, TENANT, USER_REF_LABEL, subjectsInclude } from '../objects.js'
import type { KapisRequest } from '../route.js'
import { listOf } from '../objects.js'

export const DELETION_PROPAGATION = 'kubesphere.io/deletion-propagation'
const VISIBILITY_LABEL = 'cluster.kubesphere.io/visibility'
const TEMPLATE_GR = { group: TENANT, resource: 'workspacetemplates' }

const placementClusters = (t: any): string[] =>
  (t?.spec?.placement?.clusters ?? [])
    .map((c: any) => c?.name)
    .filter((n: unknown): n is string => typeof n === 'string')

export class WorkspaceTemplates {
  constructor(private readonly deps: KapisDeps) {}

  private get store(): Store {
    return this.deps.registry.storeFor(TENANT, 'workspacetemplates')!
  }

  private opts(r: KapisRequest): WriteOptions {
    return { user: r.user, version: 'v1beta1' }
  }

  /** Rule 1 for each cluster. */
  private async checkClusters(user: UserInfo, names: readonly string[]): Promise<void> {
    for (const name of names) {
      const cluster = this.deps.registry.get(CLUSTER_GROUP, 'clusters', '', name)
      if (!cluster) throw newNotFound({ group: CLUSTER_GROUP, resource: 'clusters' }, name)
      if (cluster.metadata?.labels?.[VISIBILITY_LABEL] === 'public') continue
      const manages = await allowed(this.deps.access, {
        user,
        verb: 'delete',
        apiGroup: CLUSTER_GROUP,
        resource: 'clusters',
        resourceScope: 'Global',
      })
      if (manages || (await this.isClusterAdmin(user))) continue
      throw newForbidden(
        { group: CLUSTER_GROUP, resource: 'clusters' },
        name,
        `user is not allowed to use the cluster ${name}`,
      )
    }
  }

  /** A cluster-admin ClusterRoleBinding labelled with the user (in this, the only, cluster). */
  private async isClusterAdmin(user: UserInfo): Promise<boolean> {
    return (await listOf(this.deps.registry, IAM, 'clusterrolebindings')).some(
      (b) =>
        b.obj?.metadata?.labels?.[USER_REF_LABEL] === user.name &&
        b.obj.roleRef?.name === 'cluster-admin' &&
        subjectsInclude(b.obj.subjects, user.name, []),
    )
  }

  /** Rule 2: may the caller manage templates of other people. */
  private async checkManageAll(user: UserInfo, name: string): Promise<void> {
    const decision = await this.deps.access.review({
      user,
      verb: 'delete',
      apiGroup: TENANT,
      resource: 'workspacetemplates',
      resourceScope: 'Global',
    })
    if (!decision.allowed) throw newForbidden(TEMPLATE_GR, name, `reason: ${decision.reason}`)
  }

  async create(r: KapisRequest): Promise<void> {
    const body = await readObject(r, 'WorkspaceTemplate')
    const name: string = body['metadata']?.name ?? ''
    await this.checkClusters(r.user, placementClusters(body))
    const manager = body['spec']?.template?.spec?.manager
    if (manager && manager !== r.user.name) await this.checkManageAll(r.user, name)
    writeJson(r.res, (await this.store.create('', body, this.opts(r))).object)
  }

  private current(name: string): any {
    const t = this.store.getCached('', name)?.obj
    if (!t) throw newNotFound(TEMPLATE_GR, name)
    return t
  }

  async update(r: KapisRequest): Promise<void> {
    const name = r.params['workspace']
    const body = await readObject(r, 'WorkspaceTemplate')
    this.current(name)
    await this.checkClusters(r.user, placementClusters(body))
    writeJson(r.res, (await this.store.update('', name, body, this.opts(r))).object)
  }

  async patch(r: KapisRequest): Promise<void> {
    const name = r.params['workspace']
    const text = (await readBody(r.req)).toString('utf8')
    const ops = decodeJsonPatch(text)
    const current = this.current(name)
    let touchesOther = false
    for (const op of ops) {
      const path = typeof op?.path === 'string' ? op.path : ''
      if (path === '/spec/placement' || path.startsWith('/spec/placement/')) {
        if (op.op !== 'add' && op.op !== 'remove') throw newBadRequest('not support operation type')
      } else {
        touchesOther = true
      }
    }
    const patched = applyJsonPatch(structuredClone(current), text)
    const before = new Set(placementClusters(current))
    await this.checkClusters(
      r.user,
      placementClusters(patched).filter((c) => !before.has(c)),
    )
    if (touchesOther) await this.checkManageAll(r.user, name)
    const result = await this.store.guaranteedUpdate('', name, this.opts(r), undefined, (cur) =>
      applyJsonPatch(cur, text),
    )
    writeJson(r.res, result.object)
  }

  async delete(r: KapisRequest): Promise<void> {
    const name = r.params['workspace']
    // Upstream requires a JSON DeleteOptions body; an absent body counts as `{}`.
    const options = await readJson(r, {})
    if (!isPlainObject(options)) throw newBadRequest('the body must be a DeleteOptions object')
    this.current(name)
    const policy = options['propagationPolicy']
    if (typeof policy === 'string' && policy !== '') {
      await this.store.guaranteedUpdate('', name, this.opts(r), undefined, (cur) => {
        cur.metadata.annotations = { ...cur.metadata.annotations, [DELETION_PROPAGATION]: policy }
        return cur
      })
    }
    const deleteOptions: DeleteOptions = {}
    if (policy === 'Orphan' || policy === 'Background' || policy === 'Foreground')
      deleteOptions.propagationPolicy = policy
    try {
      await this.store.delete('', name, deleteOptions, this.opts(r))
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
    writeSuccess(r.res)
  }
}
