/**
 * Namespaces of a workspace (kapis.md §6.2): a namespace belongs to workspace `ws` when it is
 * labelled `kubesphere.io/workspace=ws`. Reads and writes through a workspace path see only
 * its namespaces (404 otherwise); writes force the label, so creating a namespace in a
 * workspace puts it there.
 */
import { newBadRequest, newNotFound } from '../../apimachinery/errors.js'
import { isPlainObject } from '../../apimachinery/meta.js'
import { applyMergePatch } from '../../apimachinery/patch/merge-patch.js'
import type { Store, WriteOptions } from '../../registry/store.js'
import { writeJsonText } from '../../server/response-writers.js'
import type { KapisDeps } from '../deps.js'
import { readObject, writeJson, writeSuccess } from '../http.js'
import { WORKSPACE_LABEL } from '../objects.js'
import type { KapisRequest } from '../route.js'

const NAMESPACES = { group: '', resource: 'namespaces' }

function withWorkspace(body: Record<string, any>, workspace: string): Record<string, any> {
  const metadata = isPlainObject(body['metadata']) ? body['metadata'] : {}
  return {
    ...body,
    metadata: { ...metadata, labels: { ...metadata['labels'], [WORKSPACE_LABEL]: workspace } },
  }
}

export class WorkspaceNamespaces {
  constructor(private readonly deps: KapisDeps) {}

  private get store(): Store {
    return this.deps.registry.storeFor('', 'namespaces')!
  }

  private opts(r: KapisRequest): WriteOptions {
    return { user: r.user, version: 'v1' }
  }

  /** The namespace, when it belongs to the workspace of the path. */
  private member(r: KapisRequest) {
    const name = r.params['namespace']
    const found = this.store.getCached('', name)
    if (!found || found.obj?.metadata?.labels?.[WORKSPACE_LABEL] !== r.params['workspace'])
      throw newNotFound(NAMESPACES, name)
    return found
  }

  get(r: KapisRequest): void {
    writeJsonText(r.res, 200, this.member(r).json())
  }

  async create(r: KapisRequest): Promise<void> {
    const body = withWorkspace(await readObject(r, 'Namespace'), r.params['workspace'])
    writeJson(r.res, (await this.store.create('', body, this.opts(r))).object)
  }

  async update(r: KapisRequest): Promise<void> {
    this.member(r)
    const body = withWorkspace(await readObject(r, 'Namespace'), r.params['workspace'])
    writeJson(r.res, (await this.store.update('', r.params['namespace'], body, this.opts(r))).object)
  }

  /** The body is a partial Namespace merged onto the stored one; the workspace label stays. */
  async patch(r: KapisRequest): Promise<void> {
    const name = this.member(r).obj.metadata.name as string
    const body = await readObject(r, 'Namespace')
    if (body['metadata']?.name !== undefined && body['metadata'].name !== name) {
      throw newBadRequest(
        `the name of the object (${String(body['metadata'].name)}) does not match the name on the URL (${name})`,
      )
    }
    const patch = body['metadata']?.labels ? withWorkspace(body, r.params['workspace']) : body
    const result = await this.store.guaranteedUpdate('', name, this.opts(r), undefined, (cur) => {
      const next = applyMergePatch(cur, patch)
      next.metadata.name = name
      return next
    })
    writeJson(r.res, result.object)
  }

  async delete(r: KapisRequest): Promise<void> {
    this.member(r)
    await this.store.delete('', r.params['namespace'], { gracePeriodSeconds: 0 }, this.opts(r))
    writeSuccess(r.res)
  }
}
