/**
 * The protobuf form of /openapi/v2: gnostic's `openapi.v2.Document`, which kubectl asks for with
 * `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf` and parses with
 * kube-openapi (`explain --output=plaintext-openapiv2`, client-side validation).
 *
 * The message definitions below are written for this server from the field numbers of gnostic's
 * published OpenAPIv2.proto (github.com/google/gnostic-models, openapiv2/OpenAPIv2.proto). Only
 * the messages and fields a Kubernetes Swagger document uses are declared; the wire format of
 * what is declared matches gnostic's exactly (proto3). Values of `default`, `example`, `enum` and
 * vendor extensions travel as YAML text in `Any.yaml`, which kube-openapi reads back with a YAML
 * parser; JSON is valid YAML, so they are written as JSON.
 */
import protobuf from 'protobufjs'

const PROTO = `
syntax = "proto3";
package openapi.v2;

message Document {
  string swagger = 1;
  Info info = 2;
  string host = 3;
  string base_path = 4;
  repeated string schemes = 5;
  repeated string consumes = 6;
  repeated string produces = 7;
  Paths paths = 8;
  Definitions definitions = 9;
  repeated SecurityRequirement security = 12;
  SecurityDefinitions security_definitions = 13;
  repeated NamedAny vendor_extension = 16;
}
message Info {
  string title = 1;
  string version = 2;
  string description = 3;
  repeated NamedAny vendor_extension = 7;
}
message Paths {
  repeated NamedAny vendor_extension = 1;
  repeated NamedPathItem path = 2;
}
message NamedPathItem { string name = 1; PathItem value = 2; }
message PathItem {
  string _ref = 1;
  Operation get = 2;
  Operation put = 3;
  Operation post = 4;
  Operation delete = 5;
  Operation options = 6;
  Operation head = 7;
  Operation patch = 8;
  repeated ParametersItem parameters = 9;
  repeated NamedAny vendor_extension = 10;
}
message Operation {
  repeated string tags = 1;
  string summary = 2;
  string description = 3;
  ExternalDocs external_docs = 4;
  string operation_id = 5;
  repeated string produces = 6;
  repeated string consumes = 7;
  repeated ParametersItem parameters = 8;
  Responses responses = 9;
  repeated string schemes = 10;
  bool deprecated = 11;
  repeated NamedAny vendor_extension = 13;
}
message ParametersItem { oneof kind { Parameter parameter = 1; JsonReference json_reference = 2; } }
message Parameter { oneof kind { BodyParameter body_parameter = 1; NonBodyParameter non_body_parameter = 2; } }
message BodyParameter {
  string description = 1;
  string name = 2;
  string in = 3;
  bool required = 4;
  Schema schema = 5;
  repeated NamedAny vendor_extension = 6;
}
message NonBodyParameter {
  oneof kind {
    QueryParameterSubSchema query_parameter_sub_schema = 3;
    PathParameterSubSchema path_parameter_sub_schema = 4;
  }
}
message QueryParameterSubSchema {
  bool required = 1;
  string in = 2;
  string description = 3;
  string name = 4;
  bool allow_empty_value = 5;
  string type = 6;
  string format = 7;
  bool unique_items = 20;
  repeated NamedAny vendor_extension = 23;
}
message PathParameterSubSchema {
  bool required = 1;
  string in = 2;
  string description = 3;
  string name = 4;
  string type = 5;
  string format = 6;
  bool unique_items = 19;
  repeated NamedAny vendor_extension = 22;
}
message JsonReference { string _ref = 1; string description = 2; }
message Responses {
  repeated NamedResponseValue response_code = 1;
  repeated NamedAny vendor_extension = 2;
}
message NamedResponseValue { string name = 1; ResponseValue value = 2; }
message ResponseValue { oneof kind { Response response = 1; JsonReference json_reference = 2; } }
message Response {
  string description = 1;
  SchemaItem schema = 2;
  repeated NamedAny vendor_extension = 5;
}
message SchemaItem { oneof kind { Schema schema = 1; } }
message Definitions { repeated NamedSchema additional_properties = 1; }
message Properties { repeated NamedSchema additional_properties = 1; }
message NamedSchema { string name = 1; Schema value = 2; }
message Schema {
  string _ref = 1;
  string format = 2;
  string title = 3;
  string description = 4;
  Any default = 5;
  double multiple_of = 6;
  double maximum = 7;
  bool exclusive_maximum = 8;
  double minimum = 9;
  bool exclusive_minimum = 10;
  int64 max_length = 11;
  int64 min_length = 12;
  string pattern = 13;
  int64 max_items = 14;
  int64 min_items = 15;
  bool unique_items = 16;
  int64 max_properties = 17;
  int64 min_properties = 18;
  repeated string required = 19;
  repeated Any enum = 20;
  AdditionalPropertiesItem additional_properties = 21;
  TypeItem type = 22;
  ItemsItem items = 23;
  repeated Schema all_of = 24;
  Properties properties = 25;
  string discriminator = 26;
  bool read_only = 27;
  ExternalDocs external_docs = 29;
  Any example = 30;
  repeated NamedAny vendor_extension = 31;
}
message AdditionalPropertiesItem { oneof kind { Schema schema = 1; bool boolean = 2; } }
message TypeItem { repeated string value = 1; }
message ItemsItem { repeated Schema schema = 1; }
message ExternalDocs {
  string description = 1;
  string url = 2;
  repeated NamedAny vendor_extension = 3;
}
message ProtoAny { string type_url = 1; bytes value = 2; }
message Any { ProtoAny value = 1; string yaml = 2; }
message NamedAny { string name = 1; Any value = 2; }
message SecurityDefinitions { repeated NamedSecurityDefinitionsItem additional_properties = 1; }
message NamedSecurityDefinitionsItem { string name = 1; SecurityDefinitionsItem value = 2; }
message SecurityDefinitionsItem { oneof kind { ApiKeySecurity api_key_security = 2; } }
message ApiKeySecurity {
  string type = 1;
  string name = 2;
  string in = 3;
  string description = 4;
  repeated NamedAny vendor_extension = 5;
}
message SecurityRequirement { repeated NamedStringArray additional_properties = 1; }
message NamedStringArray { string name = 1; StringArray value = 2; }
message StringArray { repeated string value = 1; }
`

/** The `openapi.v2.Document` message type (parsed once, at module load). */
export const GnosticDocument = protobuf
  .parse(PROTO, { keepCase: true })
  .root.lookupType('openapi.v2.Document')

const isObject = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const anyOf = (v: unknown) => ({ yaml: JSON.stringify(v) })
const extensions = (o: Record<string, unknown>) =>
  Object.entries(o)
    .filter(([k]) => k.startsWith('x-'))
    .map(([name, v]) => ({ name, value: anyOf(v) }))

const STRING_FIELDS = ['format', 'title', 'description', 'pattern', 'discriminator'] as const
const NUMBER_FIELDS = {
  multipleOf: 'multiple_of',
  maximum: 'maximum',
  minimum: 'minimum',
  maxLength: 'max_length',
  minLength: 'min_length',
  maxItems: 'max_items',
  minItems: 'min_items',
  maxProperties: 'max_properties',
  minProperties: 'min_properties',
} as const
const BOOL_FIELDS = {
  exclusiveMaximum: 'exclusive_maximum',
  exclusiveMinimum: 'exclusive_minimum',
  uniqueItems: 'unique_items',
  readOnly: 'read_only',
} as const

/** A Swagger schema as a gnostic `Schema` object (keys as in the .proto). */
export function schemaMessage(s: Record<string, any>): any {
  const m: any = {}
  if (typeof s.$ref === 'string') m._ref = s.$ref
  for (const k of STRING_FIELDS) if (typeof s[k] === 'string') m[k] = s[k]
  for (const [k, f] of Object.entries(NUMBER_FIELDS)) if (typeof s[k] === 'number') m[f] = s[k]
  for (const [k, f] of Object.entries(BOOL_FIELDS)) if (s[k] === true) m[f] = true
  if (s.default !== undefined) m.default = anyOf(s.default)
  if (s.example !== undefined) m.example = anyOf(s.example)
  if (Array.isArray(s.required) && s.required.length) m.required = s.required
  if (Array.isArray(s.enum)) m.enum = s.enum.map(anyOf)
  if (typeof s.additionalProperties === 'boolean')
    m.additional_properties = { boolean: s.additionalProperties }
  else if (isObject(s.additionalProperties))
    m.additional_properties = { schema: schemaMessage(s.additionalProperties) }
  if (typeof s.type === 'string') m.type = { value: [s.type] }
  else if (Array.isArray(s.type)) m.type = { value: s.type }
  if (Array.isArray(s.items)) m.items = { schema: s.items.map(schemaMessage) }
  else if (isObject(s.items)) m.items = { schema: [schemaMessage(s.items)] }
  if (Array.isArray(s.allOf)) m.all_of = s.allOf.map(schemaMessage)
  if (isObject(s.properties)) {
    m.properties = {
      additional_properties: Object.entries(s.properties).map(([name, v]) => ({
        name,
        value: schemaMessage(v),
      })),
    }
  }
  if (isObject(s.externalDocs))
    m.external_docs = { description: s.externalDocs.description, url: s.externalDocs.url }
  const ext = extensions(s)
  if (ext.length) m.vendor_extension = ext
  return m
}

function parameterMessage(p: Record<string, any>): any {
  if (p.in === 'body') {
    return {
      parameter: {
        body_parameter: {
          name: p.name,
          in: p.in,
          ...(p.required ? { required: true } : {}),
          description: p.description,
          schema: schemaMessage(p.schema ?? {}),
        },
      },
    }
  }
  const sub = {
    ...(p.required ? { required: true } : {}),
    in: p.in,
    description: p.description,
    name: p.name,
    type: p.type,
    format: p.format,
  }
  const key = p.in === 'path' ? 'path_parameter_sub_schema' : 'query_parameter_sub_schema'
  return { parameter: { non_body_parameter: { [key]: sub } } }
}

function operationMessage(op: Record<string, any>): any {
  return {
    tags: op.tags,
    description: op.description,
    operation_id: op.operationId,
    produces: op.produces,
    consumes: op.consumes,
    parameters: (op.parameters ?? []).map(parameterMessage),
    responses: {
      response_code: Object.entries<any>(op.responses ?? {}).map(([name, r]) => ({
        name,
        value: {
          response: {
            description: r.description,
            ...(r.schema ? { schema: { schema: schemaMessage(r.schema) } } : {}),
          },
        },
      })),
    },
    schemes: op.schemes,
    vendor_extension: extensions(op),
  }
}

/** The whole Swagger document as a gnostic `Document` object (before protobuf encoding). */
export function documentMessage(doc: Record<string, any>): any {
  const paths = Object.entries<any>(doc.paths ?? {}).map(([name, item]) => {
    const value: any = { parameters: (item.parameters ?? []).map(parameterMessage) }
    for (const m of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch']) {
      if (item[m]) value[m] = operationMessage(item[m])
    }
    return { name, value }
  })
  const security = Object.entries<any>(doc.securityDefinitions ?? {}).map(([name, d]) => ({
    name,
    value: { api_key_security: { type: d.type, name: d.name, in: d.in, description: d.description } },
  }))
  return {
    swagger: doc.swagger,
    info: { title: doc.info?.title, version: doc.info?.version },
    paths: { path: paths },
    definitions: {
      additional_properties: Object.entries<any>(doc.definitions ?? {}).map(([name, s]) => ({
        name,
        value: schemaMessage(s),
      })),
    },
    security: (doc.security ?? []).map((req: Record<string, string[]>) => ({
      additional_properties: Object.entries(req).map(([name, value]) => ({ name, value: { value } })),
    })),
    security_definitions: { additional_properties: security },
  }
}

/** Protobuf bytes of a Swagger 2.0 document. */
export function encodeGnosticV2(doc: Record<string, any>): Uint8Array {
  return GnosticDocument.encode(GnosticDocument.fromObject(documentMessage(doc))).finish()
}

/** Decodes gnostic protobuf bytes to a plain object (keys as in the .proto; int64 as numbers). */
export function decodeGnosticV2(bytes: Uint8Array): any {
  return GnosticDocument.toObject(GnosticDocument.decode(bytes), { longs: Number, oneofs: false })
}
