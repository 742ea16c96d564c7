/**
 * Component schemas of a custom resource, built from its CRD version's `openAPIV3Schema` the way
 * kube-apiserver publishes them: apiVersion and kind described as in built-in kinds, metadata as a
 * reference to ObjectMeta, the kind's `x-kubernetes-group-version-kind`, and a `<Kind>List` schema.
 * Descriptions of the type-meta fields are taken from the generated built-in schemas, so they read
 * like upstream's.
 */
import { definitions, OBJECT_META, SCHEMA_REF_PREFIX } from '../../apis/openapi/schemas.js'
import { crdSchemaName, type OpenApiResource } from './resource.js'

const LIST_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta'

/** Type-meta property descriptions, borrowed from a built-in kind and its list. */
function typeMeta() {
  const defs = definitions()
  const obj = defs['io.k8s.api.core.v1.ConfigMap'].properties
  const list = defs['io.k8s.api.core.v1.ConfigMapList'].properties
  return {
    apiVersion: { description: obj.apiVersion.description, type: 'string' },
    kind: { description: obj.kind.description, type: 'string' },
    metadata: { allOf: [{ $ref: SCHEMA_REF_PREFIX + OBJECT_META }], description: obj.metadata.description },
    listMetadata: {
      allOf: [{ $ref: SCHEMA_REF_PREFIX + LIST_META }],
      description: list.metadata.description,
    },
  }
}

/** The kind and list schemas of one custom resource version, keyed by component name. */
export function crdComponentSchemas(r: OpenApiResource): Record<string, any> {
  const tm = typeMeta()
  const name = crdSchemaName(r.group, r.version, r.kind)
  const listName = crdSchemaName(r.group, r.version, `${r.kind}List`)
  const source = r.crdSchema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }
  const kind: any = structuredClone(source)
  kind.type ??= 'object'
  kind.properties = { ...kind.properties, apiVersion: tm.apiVersion, kind: tm.kind, metadata: tm.metadata }
  kind['x-kubernetes-group-version-kind'] = [{ group: r.group, kind: r.kind, version: r.version }]
  const list = {
    description: `${r.kind}List is a list of ${r.kind}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: tm.apiVersion,
      items: {
        description: `List of ${r.resource}.`,
        type: 'array',
        items: { $ref: SCHEMA_REF_PREFIX + name },
      },
      kind: tm.kind,
      metadata: tm.listMetadata,
    },
    'x-kubernetes-group-version-kind': [{ group: r.group, kind: `${r.kind}List`, version: r.version }],
  }
  return { [name]: kind, [listName]: list }
}
