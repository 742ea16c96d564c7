/**
 * resources.kubesphere.io/v1alpha3 (kapis.md §5): list and get any kind of the §5.2 table from
 * the cache with the §4 query, component status and health, object-count metrics. The image
 * registry routes need a container registry client this server does not have: they answer 501.
 */
import { newNotFound, newUnknown } from '../../apimachinery/errors.js'
import { writeJsonText } from '../../server/response-writers.js'
import type { KapisDeps } from '../deps.js'
import { writeJson } from '../http.js'
import { writeListResult } from '../list.js'
import { clusterMetrics, namespaceMetrics } from '../metrics.js'
import { parseQuery } from '../query.js'
import { LIST_QUERY, route, type KapisRequest, type Route } from '../route.js'
import { behaviourFor } from './behaviours.js'
import { componentHealth, getComponent, listComponents } from './components.js'
import { listKind } from './lister.js'
import { resolveResource, type TableEntry } from './table.js'

export const RESOURCES_ROOT = '/kapis/resources.kubesphere.io/v1alpha3'

const notSupported = () => newUnknown('resource is not supported', 404)

function resolve(resources: string, namespacedOnly: boolean): TableEntry {
  const entry = resolveResource(resources, namespacedOnly)
  if (!entry) throw notSupported()
  return entry
}

const noRegistry = () => {
  throw newUnknown('image registry APIs are not supported by this server (no container registry client)', 501)
}

const RESOURCE_QUERY = [
  ...LIST_QUERY,
  { name: 'status', description: 'resource status (nodes, pods, workloads, jobs, volumes ...)' },
  { name: 'names', description: 'comma-separated exact names' },
  { name: 'annotation', description: 'annotation selector' },
  { name: 'ownerReference', description: 'owner uid' },
  { name: 'ownerKind', description: 'owner kind' },
] as const

export function resourcesV1alpha3Routes(deps: KapisDeps): Route[] {
  const { registry } = deps

  const list = async (r: KapisRequest, namespace: string, namespacedOnly: boolean) => {
    const entry = resolve(r.params['resources'], namespacedOnly)
    writeListResult(r.res, await listKind(registry, entry, namespace, parseQuery(r.query)))
  }

  const get = (r: KapisRequest, namespace: string, namespacedOnly: boolean) => {
    const entry = resolve(r.params['resources'], namespacedOnly)
    const name = r.params['name']
    // A namespaced kind on the cluster route is read with an empty namespace: never found.
    const found =
      entry.namespaced && !namespace
        ? undefined
        : registry.storeFor(entry.group, entry.resource)?.getCached(namespace, name)
    if (!found) throw newNotFound({ group: entry.group, resource: entry.resource }, name)
    const transform = behaviourFor(entry.resource, registry)?.transform
    if (transform) writeJson(r.res, transform(found.obj))
    else writeJsonText(r.res, 200, found.json())
  }

  const root = RESOURCES_ROOT
  return [
    route('GET', `${root}/{resources}`, (r) => list(r, '', false), {
      summary: 'List objects of a kind; namespaced kinds from all namespaces',
      deprecated: true,
      query: RESOURCE_QUERY,
      returns: 'ListResult',
    }),
    route('GET', `${root}/{resources}/{name}`, (r) => get(r, '', false), {
      summary: 'Get a cluster-scoped object (namespaces/{name} returns the Namespace)',
      deprecated: true,
      returns: 'Object',
    }),
    route('GET', `${root}/namespaces/{namespace}/{resources}`, (r) => list(r, r.params['namespace'], true), {
      summary: 'List objects of a namespaced kind in a namespace',
      deprecated: true,
      query: RESOURCE_QUERY,
      returns: 'ListResult',
    }),
    route(
      'GET',
      `${root}/namespaces/{namespace}/{resources}/{name}`,
      (r) => get(r, r.params['namespace'], true),
      {
        summary: 'Get a namespaced object',
        deprecated: true,
        returns: 'Object',
      },
    ),
    route('GET', `${root}/components`, async (r) => writeJson(r.res, await listComponents(registry)), {
      summary:
        'Status of the system components (Services with a selector in kubesphere-system and kube-system)',
      deprecated: true,
      returns: 'ComponentStatus[]',
    }),
    route(
      'GET',
      `${root}/components/{component}`,
      async (r) => writeJson(r.res, await getComponent(registry, r.params['component'])),
      {
        summary: 'Status of one system component',
        deprecated: true,
        returns: 'ComponentStatus',
      },
    ),
    route('GET', `${root}/componenthealth`, async (r) => writeJson(r.res, await componentHealth(registry)), {
      summary: 'Health of the system components and nodes',
      deprecated: true,
      returns: 'HealthStatus',
    }),
    route('POST', `${root}/namespaces/{namespace}/registrysecrets/{secret}/verify`, noRegistry, {
      summary: 'Verify a registry secret (not supported: 501)',
      deprecated: true,
      body: 'Secret',
      returns: 'Status',
    }),
    route('GET', `${root}/namespaces/{namespace}/images`, noRegistry, {
      summary: 'Search images in a registry (not supported: 501)',
      query: [
        { name: 'q', description: 'search text' },
        { name: 'secret', description: 'registry secret' },
      ],
      returns: 'Status',
    }),
    route('GET', `${root}/namespaces/{namespace}/imageconfig`, noRegistry, {
      summary: 'Image configuration from a registry (not supported: 501)',
      deprecated: true,
      query: [
        { name: 'image', description: 'image reference' },
        { name: 'secret', description: 'registry secret' },
      ],
      returns: 'Status',
    }),
    route('GET', `${root}/namespaces/{namespace}/repositorytags`, noRegistry, {
      summary: 'Tags of an image repository (not supported: 501)',
      deprecated: true,
      query: [
        { name: 'repository', description: 'repository' },
        { name: 'secret', description: 'registry secret' },
      ],
      returns: 'Status',
    }),
    route('GET', `${root}/metrics`, (r) => writeJson(r.res, clusterMetrics(registry)), {
      summary: 'Object counts of the cluster',
      deprecated: true,
      returns: 'MetricResults',
    }),
    route(
      'GET',
      `${root}/namespaces/{namespace}/metrics`,
      (r) => writeJson(r.res, namespaceMetrics(registry, r.params['namespace'])),
      {
        summary: 'Object counts of a namespace',
        deprecated: true,
        returns: 'MetricResults',
      },
    ),
  ]
}
