/**
 * The OpenAPI (Swagger 2.0) document of the /kapis routes, built from the route table, so every
 * served route is documented: path and query parameters, body, answer, deprecation. Schemas are
 * deliberately shallow (envelopes and request shapes); objects are Kubernetes objects.
 */
import type { Route } from './route.js'
import { kubesphereVersion } from './version.js'

const obj = (description: string, properties?: Record<string, unknown>, required?: string[]) => ({
  type: 'object',
  description,
  ...(properties ? { properties } : {}),
  ...(required ? { required } : {}),
})
const str = { type: 'string' }
const int = { type: 'integer', format: 'int64' }
const bool = { type: 'boolean' }
const ref = (name: string) => ({ $ref: `#/definitions/${name}` })
const arrayOf = (items: unknown) => ({ type: 'array', items })

export const DEFINITIONS: Record<string, unknown> = {
  Object: obj('A Kubernetes or KubeSphere object', {
    apiVersion: str,
    kind: str,
    metadata: obj('ObjectMeta'),
  }),
  ListResult: obj('One page of matches', { items: arrayOf(ref('Object')), totalItems: int }, [
    'items',
    'totalItems',
  ]),
  TypedList: obj('A Kubernetes list; metadata.continue holds the total', {
    apiVersion: str,
    kind: str,
    metadata: obj('ListMeta', { continue: str, remainingItemCount: int }),
    items: arrayOf(ref('Object')),
  }),
  Status: obj('A Kubernetes Status (errors)', {
    kind: str,
    apiVersion: str,
    status: str,
    message: str,
    reason: str,
    code: int,
  }),
  Message: obj('Success message', { message: str }, ['message']),
  MetricResults: obj('Object counts as Prometheus vectors', {
    results: arrayOf(
      obj('MetricResult', {
        metric_name: str,
        data: obj('vector', {
          resultType: str,
          result: arrayOf(obj('sample', { value: arrayOf({ type: 'number' }) })),
        }),
      }),
    ),
  }),
  ComponentStatus: obj('A system component', {
    name: str,
    namespace: str,
    selfLink: str,
    label: obj('service selector', undefined),
    startedAt: str,
    totalBackends: int,
    healthyBackends: int,
  }),
  HealthStatus: obj('Component and node health', {
    kubesphereStatus: arrayOf(ref('ComponentStatus')),
    nodeStatus: obj('nodes', { totalNodes: int, healthyNodes: int }),
  }),
  Version: obj('KubeSphere version', {
    gitVersion: str,
    gitMajor: str,
    gitMinor: str,
    kubernetes: obj('Kubernetes version'),
  }),
  User: obj('iam.kubesphere.io/v1beta1 User; spec.password is write-only', {
    metadata: obj('ObjectMeta'),
    spec: obj('UserSpec', {
      email: str,
      lang: str,
      description: str,
      displayName: str,
      groups: arrayOf(str),
      password: str,
    }),
    status: obj('UserStatus', { state: str, reason: str }),
  }),
  Member: obj('A member and its role', { username: str, roleRef: str }, ['username', 'roleRef']),
  PasswordReset: obj('Password change', { currentPassword: str, password: str }, ['password']),
  SubjectAccessReview: obj('A review, or a list of them (an `items` array)', {
    spec: obj('review spec', {
      user: str,
      groups: arrayOf(str),
      resourceAttributes: obj('resource'),
      nonResourceAttributes: obj('non-resource'),
    }),
    status: obj('decision', { allowed: bool, reason: str }),
  }),
  JsonPatch: arrayOf(obj('JSON Patch operation', { op: str, path: str, value: {} })),
  DeleteOptions: obj('Kubernetes DeleteOptions', { propagationPolicy: str }),
  GenericPlatformConfiguration: obj('config.kubesphere.io/v1alpha2 platform configuration', {
    kind: str,
    apiVersion: str,
    metadata: obj('name'),
    data: obj('configuration'),
  }),
  Secret: obj('A core/v1 Secret'),
  Label: obj('A cluster label', { key: str, value: str }),
  LabelBinding: obj('Labels to clusters', { labels: arrayOf(str), clusters: arrayOf(str) }),
  GrantRequest: obj('Workspace placement change', { op: str, workspace: str }),
  Kubeconfig: obj('A new kubeconfig', { kubeconfig: str }),
}

/** `X` → $ref, `X[]` → array of $ref; `string` is the primitive. */
export function schemaFor(name: string): unknown {
  if (name.endsWith('[]')) return arrayOf(schemaFor(name.slice(0, -2)))
  if (name === 'string') return str
  return ref(name)
}

function paramsOf(route: Route): unknown[] {
  const out: unknown[] = []
  for (const m of route.path.matchAll(/\{(\w+)\}/g))
    out.push({ name: m[1], in: 'path', required: true, type: 'string' })
  for (const q of route.doc.query ?? []) {
    out.push({
      name: q.name,
      in: 'query',
      required: q.required ?? false,
      type: q.type ?? 'string',
      description: q.description,
    })
  }
  if (route.doc.body)
    out.push({ name: 'body', in: 'body', required: true, schema: schemaFor(route.doc.body) })
  return out
}

function operationId(route: Route): string {
  return `${route.method.toLowerCase()}${route.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`
}

function tagOf(path: string): string {
  const segs = path.split('/')
  return segs.length > 3 && segs[1] === 'kapis' ? `${segs[2]}/${segs[3]}` : 'kapis'
}

export function openApiDocument(routes: readonly Route[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of routes) {
    const ops = (paths[route.path] ??= {})
    ops[route.method.toLowerCase()] = {
      summary: route.doc.summary,
      operationId: operationId(route),
      tags: [tagOf(route.path)],
      ...(route.doc.deprecated ? { deprecated: true } : {}),
      consumes: route.doc.consumes ?? ['application/json'],
      produces: ['application/json'],
      parameters: paramsOf(route),
      responses: {
        '200': { description: 'OK', schema: schemaFor(route.doc.returns) },
        default: { description: 'error', schema: ref('Status') },
      },
    }
  }
  return {
    swagger: '2.0',
    info: {
      title: 'KubeSphere',
      description: 'KubeSphere REST APIs under /kapis',
      version: kubesphereVersion().gitVersion,
    },
    paths,
    definitions: DEFINITIONS,
  }
}
