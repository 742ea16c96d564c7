import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { OpenApiService } from './service.js'
import { TEST_RESOURCES } from './testing/resources.js'

const service = new OpenApiService()
service.setResources(TEST_RESOURCES)
const core = service.v3Document('api/v1')
const apps = service.v3Document('apis/apps/v1')
const widgets = service.v3Document('apis/example.com/v1')
const METHODS = ['get', 'put', 'post', 'delete', 'patch']

function operations(doc: any): { path: string; method: string; op: any }[] {
  return Object.entries<any>(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] })),
  )
}

function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refs(n, out))
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v)
      else refs(v, out)
    }
  }
  return out
}

const paramNames = (op: any) => (op.parameters ?? []).map((p: any) => p.name)

void describe('v3 group-version documents', () => {
  void test('one document per served group-version, CRD group-versions included', () => {
    assert.deepEqual(service.groupVersions(), [
      'api/v1',
      'apis/apiextensions.k8s.io/v1',
      'apis/apps/v1',
      'apis/authorization.k8s.io/v1',
      'apis/example.com/v1',
    ])
    assert.equal(service.v3Document('apis/batch/v1'), undefined)
  })

  void test('the Pod schema carries its GVK list and containers carry the merge key name', () => {
    const schemas = core.components.schemas
    assert.deepEqual(schemas['io.k8s.api.core.v1.Pod']['x-kubernetes-group-version-kind'], [
      { group: '', kind: 'Pod', version: 'v1' },
    ])
    const containers = schemas['io.k8s.api.core.v1.PodSpec'].properties.containers
    assert.equal(containers['x-kubernetes-patch-merge-key'], 'name')
    assert.equal(containers['x-kubernetes-patch-strategy'], 'merge')
    assert.ok(schemas['io.k8s.api.core.v1.Container'], 'referenced schemas are included')
  })

  void test('api/v1 has the Namespace PATCH operation kubectl uses for custom resources', () => {
    const patch = core.paths['/api/v1/namespaces/{name}'].patch
    assert.equal(patch.operationId, 'patchCoreV1Namespace')
    assert.equal(patch['x-kubernetes-action'], 'patch')
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], {
      group: '',
      kind: 'Namespace',
      version: 'v1',
    })
    assert.deepEqual(paramNames(patch), ['dryRun', 'fieldManager', 'fieldValidation', 'force'])
    assert.deepEqual(Object.keys(patch.requestBody.content), [
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
    ])
  })

  void test('namespaced resources have collection, item and all-namespaces paths', () => {
    const p = apps.paths
    assert.deepEqual(
      Object.keys(p).filter((k) => k.includes('deployments')),
      [
        '/apis/apps/v1/deployments',
        '/apis/apps/v1/namespaces/{namespace}/deployments',
        '/apis/apps/v1/namespaces/{namespace}/deployments/{name}',
        '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale',
        '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status',
      ],
    )
    const coll = p['/apis/apps/v1/namespaces/{namespace}/deployments']
    assert.deepEqual(
      [coll.get.operationId, coll.post.operationId, coll.delete.operationId],
      [
        'listAppsV1NamespacedDeployment',
        'createAppsV1NamespacedDeployment',
        'deleteAppsV1CollectionNamespacedDeployment',
      ],
    )
    assert.equal(p['/apis/apps/v1/deployments'].get.operationId, 'listAppsV1DeploymentForAllNamespaces')
    assert.deepEqual(paramNames(coll.post), ['dryRun', 'fieldManager', 'fieldValidation'])
  })

  void test('subresources: scale answers autoscaling/v1 Scale, status the parent kind', () => {
    const scale = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale']
    assert.deepEqual(scale.patch['x-kubernetes-group-version-kind'], {
      group: 'autoscaling',
      kind: 'Scale',
      version: 'v1',
    })
    assert.equal(scale.get.operationId, 'readAppsV1NamespacedDeploymentScale')
    assert.ok(apps.components.schemas['io.k8s.api.autoscaling.v1.Scale'])
    const status = apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status']
    assert.deepEqual(status.patch['x-kubernetes-group-version-kind'], {
      group: 'apps',
      kind: 'Deployment',
      version: 'v1',
    })
    assert.ok(paramNames(status.patch).includes('fieldValidation'))
  })

  void test('subresources without a published shape are left out; token answers TokenRequest', () => {
    const paths = Object.keys(core.paths)
    assert.ok(!paths.some((p) => p.endsWith('/exec') || p.endsWith('/log') || p.endsWith('/eviction')))
    const token = core.paths['/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token'].post
    assert.equal(token.operationId, 'createCoreV1NamespacedServiceAccountToken')
    assert.equal(token['x-kubernetes-group-version-kind'].kind, 'TokenRequest')
  })

  void test('create-only resources get only POST', () => {
    const doc = service.v3Document('apis/authorization.k8s.io/v1')
    const ops = operations(doc).filter((o) => o.path.includes('selfsubjectaccessreviews'))
    assert.deepEqual(
      ops.map((o) => `${o.method} ${o.path} ${o.op.operationId}`),
      [
        'post /apis/authorization.k8s.io/v1/selfsubjectaccessreviews createAuthorizationV1SelfSubjectAccessReview',
      ],
    )
  })

  void test('every operation has an id, an action and a single-object GVK; ids are unique', () => {
    for (const gv of service.groupVersions()) {
      const ops = operations(service.v3Document(gv)).filter((o) => !o.path.endsWith('/'))
      assert.ok(ops.length > 0)
      for (const { path, method, op } of ops) {
        const where = `${gv} ${method} ${path}`
        assert.equal(typeof op.operationId, 'string', where)
        assert.ok(
          ['get', 'list', 'post', 'put', 'patch', 'delete', 'deletecollection'].includes(
            op['x-kubernetes-action'],
          ),
          where,
        )
        const gvk = op['x-kubernetes-group-version-kind']
        assert.ok(gvk && !Array.isArray(gvk), where)
        assert.deepEqual(Object.keys(gvk).sort(), ['group', 'kind', 'version'], where)
      }
      const ids = ops.map((o) => o.op.operationId)
      assert.equal(new Set(ids).size, ids.length, `duplicate operation ids in ${gv}`)
    }
  })

  void test('a resource-set change rebuilds only the group-versions it touches', () => {
    const s = new OpenApiService()
    const withoutWidget = TEST_RESOURCES.filter((r) => r.kind !== 'Widget')
    s.setResources(withoutWidget)
    const coreBefore = s.v3Document('api/v1')
    const appsBefore = s.v3Document('apis/apps/v1')
    s.setResources(TEST_RESOURCES)
    assert.equal(s.v3Document('api/v1'), coreBefore)
    assert.ok(s.v3Document('apis/example.com/v1'))
    s.setResources(
      withoutWidget.map((r) => (r.kind === 'Deployment' ? { ...r, subresources: ['status'] } : r)),
    )
    assert.notEqual(s.v3Document('apis/apps/v1'), appsBefore)
    assert.equal(s.v3Document('apis/example.com/v1'), undefined)
    assert.ok(!Object.keys(s.v3Document('apis/apps/v1').paths).some((p) => p.endsWith('/scale')))
  })

  void test('every reference resolves inside the document', () => {
    for (const gv of service.groupVersions()) {
      const doc = service.v3Document(gv)
      const missing = refs(doc).filter((r) => !doc.components.schemas[r.replace('#/components/schemas/', '')])
      assert.deepEqual(missing, [], gv)
    }
  })
})

void describe('custom resources', () => {
  const widget = widgets.components.schemas['com.example.v1.Widget']

  void test('the kind schema comes from the CRD, with type meta, ObjectMeta and its GVK', () => {
    assert.deepEqual(widget['x-kubernetes-group-version-kind'], [
      { group: 'example.com', kind: 'Widget', version: 'v1' },
    ])
    assert.equal(widget.description, 'A widget.')
    assert.equal(widget.properties.spec.properties.color.type, 'string')
    assert.deepEqual(widget.properties.metadata.allOf, [
      { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
    ])
    assert.equal(widget.properties.apiVersion.type, 'string')
    assert.ok(widgets.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'])
    const list = widgets.components.schemas['com.example.v1.WidgetList']
    assert.equal(list.properties.items.items.$ref, '#/components/schemas/com.example.v1.Widget')
  })

  void test('the CRD schema given by the caller is not modified', () => {
    const given = TEST_RESOURCES.find((r) => r.kind === 'Widget')!.crdSchema
    assert.equal(given.properties.metadata, undefined)
    assert.equal(given['x-kubernetes-group-version-kind'], undefined)
  })

  void test('PATCH offers no strategic merge patch for custom resources', () => {
    const patch = widgets.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}'].patch
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], {
      group: 'example.com',
      kind: 'Widget',
      version: 'v1',
    })
    assert.ok(!('application/strategic-merge-patch+json' in patch.requestBody.content))
    assert.ok(paramNames(patch).includes('fieldValidation'))
    assert.equal(patch.operationId, 'patchExampleComV1NamespacedWidget')
  })
})

void describe('v2 (Swagger 2.0) document', () => {
  const v2 = service.v2Document()
  const defs = v2.definitions

  void test('definitions are keyed like upstream and refer with #/definitions/', () => {
    assert.equal(v2.swagger, '2.0')
    assert.ok(defs['io.k8s.api.core.v1.Pod'] && defs['com.example.v1.Widget'])
    const all = refs(v2)
    assert.ok(all.length > 100)
    assert.deepEqual(
      all.filter((r) => !r.startsWith('#/definitions/') || !defs[r.slice('#/definitions/'.length)]),
      [],
    )
  })

  void test('references are bare with siblings (no allOf), never beside a type', () => {
    const spec = defs['io.k8s.api.core.v1.Pod'].properties.spec
    assert.equal(spec.$ref, '#/definitions/io.k8s.api.core.v1.PodSpec')
    assert.ok(spec.description)
    // Walks schemas, not arbitrary JSON: property names (JSONSchemaProps has `allOf`, `$ref` ...) are data.
    const walk = (n: any): void => {
      if (!n || typeof n !== 'object') return
      const where = JSON.stringify(n).slice(0, 120)
      assert.ok(!('allOf' in n) && !('oneOf' in n) && !('anyOf' in n) && !('nullable' in n), where)
      if (typeof n.$ref === 'string') assert.ok(!('type' in n) && !('properties' in n), where)
      Object.values(n.properties ?? {}).forEach(walk)
      walk(n.items)
      if (typeof n.additionalProperties === 'object') walk(n.additionalProperties)
    }
    Object.values(defs).forEach(walk)
  })

  void test('IntOrString and Quantity take the upstream v2 string forms', () => {
    assert.deepEqual(
      [
        defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString'].type,
        defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString'].format,
      ],
      ['string', 'int-or-string'],
    )
    assert.equal(defs['io.k8s.apimachinery.pkg.api.resource.Quantity'].type, 'string')
  })

  void test('operations carry body parameters and media types', () => {
    const item = v2.paths['/api/v1/namespaces/{namespace}/configmaps/{name}']
    assert.equal(item.patch.parameters[0].in, 'body')
    assert.equal(
      item.patch.parameters[0].schema.$ref,
      '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
    )
    assert.ok(item.patch.consumes.includes('application/strategic-merge-patch+json'))
    assert.deepEqual(item.patch['x-kubernetes-group-version-kind'], {
      group: '',
      kind: 'ConfigMap',
      version: 'v1',
    })
    assert.deepEqual(
      item.parameters.map((p: any) => [p.name, p.in, p.type]),
      [
        ['name', 'path', 'string'],
        ['namespace', 'path', 'string'],
        ['pretty', 'query', 'string'],
      ],
    )
  })
})
