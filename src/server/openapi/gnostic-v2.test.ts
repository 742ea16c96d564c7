import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  decodeGnosticV2,
  documentMessage,
  encodeGnosticV2,
  GnosticDocument,
  schemaMessage,
} from './gnostic-v2.js'
import { OpenApiService } from './service.js'
import { TEST_RESOURCES } from './testing/resources.js'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const SchemaType = GnosticDocument.root.lookupType('openapi.v2.Schema')

void describe('gnostic openapi.v2 encoding', () => {
  // Expected bytes worked out by hand from gnostic's field numbers, independently of protobufjs.
  const wire: { name: string; encode: () => Uint8Array; expected: string }[] = [
    {
      name: 'Document: swagger=1, info=2 (title=1, version=2), paths=8, definitions=9, security_definitions=13',
      encode: () => encodeGnosticV2({ swagger: '2.0', info: { title: 'T', version: 'v' } }),
      expected: '0a03322e30' + '1206' + '0a0154' + '120176' + '4200' + '4a00' + '6a00',
    },
    {
      name: 'Schema: _ref=1',
      encode: () =>
        SchemaType.encode(SchemaType.fromObject(schemaMessage({ $ref: '#/definitions/X' }))).finish(),
      expected: '0a0f' + Buffer.from('#/definitions/X').toString('hex'),
    },
    {
      name: 'Schema: description=4, type=22 (TypeItem.value=1)',
      encode: () =>
        SchemaType.encode(
          SchemaType.fromObject(schemaMessage({ description: 'd', type: 'string' })),
        ).finish(),
      expected: '220164' + 'b20108' + '0a06' + Buffer.from('string').toString('hex'),
    },
    {
      name: 'Schema: vendor_extension=31 (NamedAny name=1, value=2 → Any.yaml=2)',
      encode: () => SchemaType.encode(SchemaType.fromObject(schemaMessage({ 'x-k': true }))).finish(),
      expected: 'fa010d' + '0a03782d6b' + '1206' + '1204' + Buffer.from('true').toString('hex'),
    },
  ]
  for (const c of wire) void test(c.name, () => assert.equal(hex(c.encode()), c.expected))

  void test('round trip of the full document: decoding gives back every field that was encoded', () => {
    const service = new OpenApiService()
    service.setResources(TEST_RESOURCES)
    const swagger = service.v2Document()
    const message = documentMessage(swagger)
    const decoded = decodeGnosticV2(encodeGnosticV2(swagger))
    const normalized = GnosticDocument.toObject(GnosticDocument.fromObject(message), {
      longs: Number,
      oneofs: false,
    })
    assert.deepEqual(decoded, normalized)

    // And the content kubectl reads is there.
    const defs = new Map<string, any>(
      decoded.definitions.additional_properties.map((d: any) => [d.name, d.value]),
    )
    assert.equal(defs.size, Object.keys(swagger.definitions).length)
    const pod = defs.get('io.k8s.api.core.v1.Pod')
    const gvk = pod.vendor_extension.find((e: any) => e.name === 'x-kubernetes-group-version-kind')
    assert.deepEqual(JSON.parse(gvk.value.yaml), [{ group: '', kind: 'Pod', version: 'v1' }])
    const containers = defs
      .get('io.k8s.api.core.v1.PodSpec')
      .properties.additional_properties.find((p: any) => p.name === 'containers').value
    assert.deepEqual(containers.type.value, ['array'])
    assert.equal(containers.items.schema[0]._ref, '#/definitions/io.k8s.api.core.v1.Container')
    const ext = Object.fromEntries(
      containers.vendor_extension.map((e: any) => [e.name, JSON.parse(e.value.yaml)]),
    )
    assert.equal(ext['x-kubernetes-patch-merge-key'], 'name')
    assert.equal(ext['x-kubernetes-patch-strategy'], 'merge')
    const binary = defs
      .get('io.k8s.api.core.v1.ConfigMap')
      .properties.additional_properties.find((p: any) => p.name === 'binaryData')
    assert.equal(binary.value.additional_properties.schema.format, 'byte')
    const path = decoded.paths.path.find((p: any) => p.name === '/api/v1/namespaces/{name}')
    assert.equal(path.value.patch.operation_id, 'patchCoreV1Namespace')
    assert.equal(path.value.patch.parameters[0].parameter.body_parameter.name, 'body')
  })
})
