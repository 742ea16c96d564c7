/**
 * A stub Kubernetes API server for capturing what real clients send: it serves /version
 * (minor 32, so the kubectl dispatcher picks kubectl 1.32), legacy discovery for the kinds the
 * protobuf decoder covers, records every request (method, URL, Content-Type, body) and answers
 * writes with 201 and a small JSON object naming what was sent. Test helper only.
 */
import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import protobuf from 'protobufjs/light.js'

export interface CapturedRequest {
  method: string
  url: string
  contentType: string
  body: Buffer
}

export interface CaptureServer {
  url: string
  requests: CapturedRequest[]
  close(): Promise<void>
}

type ResourceRow = [name: string, kind: string, namespaced: boolean, verbs?: string[]]

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']

/** group/version -> resources, in APIResourceList order. */
const RESOURCES: Record<string, ResourceRow[]> = {
  v1: [
    ['configmaps', 'ConfigMap', true],
    ['namespaces', 'Namespace', false],
    ['pods', 'Pod', true],
    ['resourcequotas', 'ResourceQuota', true],
    ['secrets', 'Secret', true],
    ['serviceaccounts', 'ServiceAccount', true],
    ['serviceaccounts/token', 'TokenRequest', true, ['create']],
    ['services', 'Service', true],
  ],
  'apps/v1': [['deployments', 'Deployment', true]],
  'batch/v1': [
    ['cronjobs', 'CronJob', true],
    ['jobs', 'Job', true],
  ],
  'rbac.authorization.k8s.io/v1': [
    ['clusterrolebindings', 'ClusterRoleBinding', false],
    ['clusterroles', 'ClusterRole', false],
    ['rolebindings', 'RoleBinding', true],
    ['roles', 'Role', true],
  ],
  'authorization.k8s.io/v1': [
    ['localsubjectaccessreviews', 'LocalSubjectAccessReview', true, ['create']],
    ['selfsubjectaccessreviews', 'SelfSubjectAccessReview', false, ['create']],
    ['selfsubjectrulesreviews', 'SelfSubjectRulesReview', false, ['create']],
    ['subjectaccessreviews', 'SubjectAccessReview', false, ['create']],
  ],
  'authentication.k8s.io/v1': [
    ['selfsubjectreviews', 'SelfSubjectReview', false, ['create']],
    ['tokenreviews', 'TokenReview', false, ['create']],
  ],
  'policy/v1': [['poddisruptionbudgets', 'PodDisruptionBudget', true]],
  'networking.k8s.io/v1': [['ingresses', 'Ingress', true]],
  'scheduling.k8s.io/v1': [['priorityclasses', 'PriorityClass', false]],
}

function resourceList(groupVersion: string) {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: RESOURCES[groupVersion].map(([name, kind, namespaced, verbs]) => ({
      name,
      singularName: name.includes('/') ? '' : kind.toLowerCase(),
      namespaced,
      kind,
      verbs: verbs ?? ALL_VERBS,
    })),
  }
}

function groupList() {
  const groups = Object.keys(RESOURCES)
    .filter((gv) => gv.includes('/'))
    .map((gv) => {
      const [name, version] = gv.split('/') as [string, string]
      const v = { groupVersion: gv, version }
      return { name, versions: [v], preferredVersion: v }
    })
  return { kind: 'APIGroupList', apiVersion: 'v1', groups }
}

/**
 * apiVersion, kind and metadata.name of a body, read without the decoder under test: the
 * envelope's typeMeta (field 1: apiVersion 1, kind 2) and raw (field 2), whose field 1 is
 * ObjectMeta with name as field 1, for every Kubernetes object.
 */
export function peekProtobuf(body: Buffer): { apiVersion: string; kind: string; name: string } {
  const fields = (bytes: Uint8Array): Map<number, Uint8Array | number> => {
    const r = protobuf.Reader.create(bytes)
    const out = new Map<number, Uint8Array | number>()
    while (r.pos < r.len) {
      const tag = r.uint32()
      if ((tag & 7) === 2) out.set(tag >>> 3, r.bytes())
      else r.skipType(tag & 7)
    }
    return out
  }
  const text = (v: Uint8Array | number | undefined) =>
    v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : ''
  const unknown = fields(body.subarray(4))
  const typeMeta = fields((unknown.get(1) as Uint8Array | undefined) ?? new Uint8Array())
  const raw = fields((unknown.get(2) as Uint8Array | undefined) ?? new Uint8Array())
  const meta = fields((raw.get(1) as Uint8Array | undefined) ?? new Uint8Array())
  return { apiVersion: text(typeMeta.get(1)), kind: text(typeMeta.get(2)), name: text(meta.get(1)) }
}

function reply(req: CapturedRequest): { code: number; body: unknown } {
  const path = req.url.split('?')[0]
  if (req.method === 'GET') {
    if (path === '/version') return { code: 200, body: { major: '1', minor: '32', gitVersion: 'v1.32.4' } }
    if (path === '/api') return { code: 200, body: { kind: 'APIVersions', versions: ['v1'] } }
    if (path === '/apis') return { code: 200, body: groupList() }
    const gv = path === '/api/v1' ? 'v1' : path.replace(/^\/apis\//, '')
    if (RESOURCES[gv]) return { code: 200, body: resourceList(gv) }
    return {
      code: 404,
      body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 },
    }
  }
  const sent = req.contentType.startsWith('application/vnd.kubernetes.protobuf')
    ? peekProtobuf(req.body)
    : (({ apiVersion = '', kind = '', metadata }: any) => ({ apiVersion, kind, name: metadata?.name ?? '' }))(
        JSON.parse(req.body.toString('utf8') || '{}'),
      )
  const { apiVersion, kind, name } = sent
  if (kind === 'SelfSubjectAccessReview')
    return { code: 201, body: { apiVersion, kind, status: { allowed: true } } }
  if (kind === 'SelfSubjectReview') {
    return { code: 201, body: { apiVersion, kind, status: { userInfo: { username: 'capture-user' } } } }
  }
  if (kind === 'TokenRequest') {
    const status = { token: 'captured-token', expirationTimestamp: '2030-01-01T00:00:00Z' }
    return { code: 201, body: { apiVersion, kind, metadata: { name: path.split('/').at(-2) }, status } }
  }
  return { code: 201, body: { apiVersion, kind, metadata: { name } } }
}

async function handle(req: IncomingMessage, res: ServerResponse, requests: CapturedRequest[]): Promise<void> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  const captured: CapturedRequest = {
    method: req.method ?? '',
    url: req.url ?? '',
    contentType: req.headers['content-type'] ?? '',
    body: Buffer.concat(chunks),
  }
  requests.push(captured)
  const { code, body } = reply(captured)
  res.writeHead(code, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))
}

/** Starts the stub on 127.0.0.1 with a free port. */
export async function startCaptureServer(): Promise<CaptureServer> {
  const requests: CapturedRequest[] = []
  const server = createServer((req, res) => {
    handle(req, res, requests).catch((err: unknown) => {
      res.writeHead(500).end(String(err))
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
