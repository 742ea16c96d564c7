/**
 * cluster.kubesphere.io/v1alpha1 (kapis.md §7.4) in the embedded single-cluster mode: member
 * clusters cannot be joined (validation checks the shape, then answers 501), kubeconfigs of
 * member Cluster objects can be replaced (never the host's), cluster Labels and their bindings
 * are managed when the Label kind is served (its CRD installed), and grant requests place
 * workspaces on a cluster.
 */
import type { ServerResponse } from 'node:http'
import { newBadRequest, newNotFound, newNotFoundPath, newUnknown } from '../../apimachinery/errors.js'
import { isPlainObject } from '../../apimachinery/meta.js'
import type { Store, WriteOptions } from '../../registry/store.js'
import type { KapisDeps } from '../deps.js'
import { readArray, readObject, writeJson } from '../http.js'
import { CLUSTER_GROUP, TENANT, listCached } from '../objects.js'
import type { KapisRequest, Route } from '../route.js'
import { route } from '../route.js'

export const CLUSTER_ROOT = '/kapis/cluster.kubesphere.io/v1alpha1'
export const HOST_CLUSTER_LABEL = 'cluster-role.kubesphere.io/host'
const LABEL_PREFIX = 'label.cluster.kubesphere.io/'

function writeEmpty(res: ServerResponse): void {
  if (!res.headersSent) res.writeHead(200, { 'Content-Length': 0 }).end()
}

function decodeKubeconfig(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw newBadRequest('kubeconfig is empty')
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw newBadRequest('kubeconfig must be base64-encoded')
  const text = Buffer.from(value, 'base64').toString('utf8')
  if (!/\bclusters\s*:/.test(text)) throw newBadRequest('invalid kubeconfig: no clusters')
  return value
}

const labelSpec = (v: unknown): { key: string; value: string } => {
  if (
    !isPlainObject(v) ||
    typeof v['key'] !== 'string' ||
    v['key'].trim() === '' ||
    typeof v['value'] !== 'string'
  ) {
    throw newBadRequest('a label needs a non-empty key and a value')
  }
  return { key: v['key'].trim(), value: v['value'].trim() }
}

const strings = (v: unknown, what: string): string[] => {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    throw newBadRequest(`${what} must be an array of strings`)
  return v
}

export function clusterV1alpha1Routes(deps: KapisDeps): Route[] {
  const { registry } = deps
  const opts = (r: KapisRequest): WriteOptions => ({ user: r.user, version: 'v1alpha1' })
  const clusters = (): Store => registry.storeFor(CLUSTER_GROUP, 'clusters')!
  const labels = (): Store => {
    const store = registry.storeFor(CLUSTER_GROUP, 'labels')
    // The Label kind is served only when its CRD is installed.
    if (!store) throw newNotFoundPath()
    return store
  }
  const cluster = (name: string) => {
    const c = clusters().getCached('', name)?.obj
    if (!c) throw newNotFound({ group: CLUSTER_GROUP, resource: 'clusters' }, name)
    return c
  }

  const root = CLUSTER_ROOT
  return [
    route(
      'POST',
      `${root}/clusters/validation`,
      async (r) => {
        const body = await readObject(r, 'Cluster')
        const connection = body['spec']?.connection ?? {}
        if (connection.type !== 'direct') throw newBadRequest('cluster connection type MUST be direct')
        decodeKubeconfig(connection.kubeconfig)
        if (body['metadata']?.name && clusters().getCached('', body['metadata'].name)) {
          throw newBadRequest(`cluster ${body['metadata'].name} already exists`)
        }
        throw newUnknown('joining member clusters is not supported by this single-cluster server', 501)
      },
      {
        summary:
          'Check that a cluster could join (member clusters are not supported: 501 after the shape checks)',
        body: 'Object',
        returns: 'Status',
      },
    ),
    route(
      'PUT',
      `${root}/clusters/{cluster}/kubeconfig`,
      async (r) => {
        const name = r.params['cluster']
        const current = cluster(name)
        if (current.metadata?.labels?.[HOST_CLUSTER_LABEL] !== undefined) {
          throw newBadRequest('update kubeconfig of the host cluster is not allowed')
        }
        const kubeconfig = decodeKubeconfig((await readObject(r, 'kubeconfig'))['kubeconfig'])
        await clusters().guaranteedUpdate('', name, opts(r), undefined, (cur) => ({
          ...cur,
          spec: { ...cur.spec, connection: { ...cur.spec?.connection, kubeconfig } },
        }))
        writeEmpty(r.res)
      },
      {
        summary: "Replace a member cluster's kubeconfig (never the host's)",
        body: 'Kubeconfig',
        returns: 'Status',
      },
    ),
    route(
      'POST',
      `${root}/labels`,
      async (r) => {
        const specs = (await readArray(r, 'labels')).map(labelSpec)
        const store = labels()
        const existing = (await listCached(store)).map((c) => c.obj.spec)
        const created: unknown[] = []
        for (const spec of specs) {
          if (existing.some((e: any) => e?.key === spec.key && e?.value === spec.value)) {
            throw newBadRequest(`label ${spec.key}=${spec.value} already exists`)
          }
          const body = {
            apiVersion: 'cluster.kubesphere.io/v1alpha1',
            kind: 'Label',
            metadata: { generateName: 'label-' },
            spec,
          }
          created.push((await store.create('', body, opts(r))).object)
        }
        writeJson(r.res, created)
      },
      { summary: 'Create cluster labels', body: 'Label[]', returns: 'Object[]' },
    ),
    route(
      'DELETE',
      `${root}/labels`,
      async (r) => {
        const names = strings(await readArray(r, 'label names'), 'label names')
        const store = labels()
        for (const name of names) {
          const label = store.getCached('', name)?.obj
          if (!label) continue
          for (const c of label.spec?.clusters ?? []) {
            if (!clusters().getCached('', c)) continue
            await clusters().guaranteedUpdate('', c, opts(r), undefined, (cur) => {
              if (cur.metadata.labels) delete cur.metadata.labels[LABEL_PREFIX + name]
              return cur
            })
          }
          await store.delete('', name, {}, opts(r))
        }
        writeEmpty(r.res)
      },
      {
        summary: 'Delete cluster labels by name, unbinding them from clusters',
        body: 'string[]',
        returns: 'Status',
      },
    ),
    route(
      'PUT',
      `${root}/labels/{label}`,
      async (r) => {
        const name = r.params['label']
        const spec = labelSpec(await readObject(r, 'label'))
        const store = labels()
        if (!store.getCached('', name)) throw newNotFound(store.gr, name)
        const result = await store.guaranteedUpdate('', name, opts(r), undefined, (cur) => ({
          ...cur,
          spec: { ...cur.spec, ...spec },
        }))
        writeJson(r.res, result.object)
      },
      { summary: 'Change the key and value of a cluster label', body: 'Label', returns: 'Object' },
    ),
    route(
      'POST',
      `${root}/labelbindings`,
      async (r) => {
        const requests = await readArray(r, 'label bindings')
        const store = labels()
        for (const req of requests) {
          if (!isPlainObject(req)) throw newBadRequest('a label binding must be an object')
          const labelNames = strings(req['labels'] ?? [], 'labels')
          for (const c of strings(req['clusters'] ?? [], 'clusters')) {
            cluster(c)
            for (const l of labelNames) {
              if (!store.getCached('', l)) throw newNotFound(store.gr, l)
              await store.guaranteedUpdate('', l, opts(r), undefined, (cur) => {
                const bound: string[] = cur.spec?.clusters ?? []
                return bound.includes(c) ? cur : { ...cur, spec: { ...cur.spec, clusters: [...bound, c] } }
              })
            }
            await clusters().guaranteedUpdate('', c, opts(r), undefined, (cur) => {
              cur.metadata.labels = { ...cur.metadata.labels }
              for (const l of labelNames) cur.metadata.labels[LABEL_PREFIX + l] = ''
              return cur
            })
          }
        }
        writeEmpty(r.res)
      },
      { summary: 'Bind labels to clusters', body: 'LabelBinding[]', returns: 'Status' },
    ),
    route(
      'GET',
      `${root}/labels`,
      async (r) => {
        const groups: Record<string, { value: string; id: string }[]> = {}
        for (const c of await listCached(labels())) {
          const spec = c.obj.spec ?? {}
          ;(groups[spec.key] ??= []).push({ value: spec.value, id: c.obj.metadata.name })
        }
        writeJson(r.res, groups)
      },
      { summary: 'Cluster labels grouped by key', returns: 'Object' },
    ),
    route(
      'POST',
      `${root}/clusters/{cluster}/grantrequests`,
      async (r) => {
        const name = r.params['cluster']
        cluster(name)
        const templates = registry.storeFor(TENANT, 'workspacetemplates')!
        const requests = await readArray(r, 'grant requests')
        for (const req of requests) {
          if (
            !isPlainObject(req) ||
            (req['op'] !== 'add' && req['op'] !== 'remove') ||
            typeof req['workspace'] !== 'string'
          ) {
            throw newBadRequest('a grant request is {"op": "add" or "remove", "workspace": "<name>"}')
          }
          const ws: string = req['workspace']
          if (!templates.getCached('', ws)) throw newNotFound(templates.gr, ws)
          await templates.guaranteedUpdate('', ws, { user: r.user, version: 'v1beta1' }, undefined, (cur) => {
            const placed: any[] = cur.spec?.placement?.clusters ?? []
            const has = placed.some((p) => p?.name === name)
            const next =
              req['op'] === 'add'
                ? has
                  ? placed
                  : [...placed, { name }]
                : placed.filter((p) => p?.name !== name)
            return { ...cur, spec: { ...cur.spec, placement: { ...cur.spec?.placement, clusters: next } } }
          })
        }
        writeEmpty(r.res)
      },
      {
        summary: 'Place workspaces on the cluster or take them off it',
        body: 'GrantRequest[]',
        returns: 'Status',
      },
    ),
  ]
}
