/**
 * The OpenAPI 3.0 document of one group-version: the paths of its resources plus every component
 * schema they reference, transitively (the kinds, their lists, Status, DeleteOptions, Patch, Scale,
 * ObjectMeta ...). Custom resources contribute schemas built from their CRD.
 */
import { resolveRef, SCHEMA_REF_PREFIX } from '../../apis/openapi/schemas.js'
import { crdComponentSchemas } from './crd-schemas.js'
import { discoveryPath, resourcePaths, type PathItem } from './paths.js'
import type { OpenApiResource } from './resource.js'

export interface DocumentInfo {
  title: string
  version: string
}

export const SECURITY_SCHEMES = {
  BearerToken: {
    description: 'Bearer token authentication',
    in: 'header',
    name: 'authorization',
    type: 'apiKey',
  },
}

export function buildV3Document(
  group: string,
  version: string,
  resources: OpenApiResource[],
  info: DocumentInfo,
): any {
  const paths: Record<string, PathItem> = { ...discoveryPath(group, version) }
  const extra: Record<string, any> = {}
  for (const r of resources) {
    Object.assign(paths, resourcePaths(r))
    if (r.isCustomResource) Object.assign(extra, crdComponentSchemas(r))
  }
  const lookup = (name: string) => (Object.hasOwn(extra, name) ? extra[name] : resolveRef(name))
  return {
    openapi: '3.0.0',
    info,
    paths: sortedObject(paths),
    components: { schemas: referencedSchemas(paths, lookup), securitySchemes: SECURITY_SCHEMES },
    security: [{ BearerToken: [] }],
  }
}

/**
 * Every component schema reachable from `roots` through `#/components/schemas/` references, keyed
 * by name and sorted. A reference whose schema `lookup` cannot find is an error: kubectl refuses
 * documents with dangling references.
 */
export function referencedSchemas(roots: unknown, lookup: (name: string) => any): Record<string, any> {
  const found: Record<string, any> = {}
  const queue: unknown[] = [roots]
  while (queue.length) {
    const node = queue.pop()
    if (Array.isArray(node)) {
      queue.push(...node)
      continue
    }
    if (!node || typeof node !== 'object') continue
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(SCHEMA_REF_PREFIX)) {
        const name = v.slice(SCHEMA_REF_PREFIX.length)
        if (Object.hasOwn(found, name)) continue
        const schema = lookup(name)
        if (schema === undefined) throw new Error(`OpenAPI: no component schema ${name}`)
        found[name] = schema
        queue.push(schema)
      } else if (v && typeof v === 'object') queue.push(v)
    }
  }
  return sortedObject(found)
}

export function sortedObject<T>(obj: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(obj)
      .sort()
      .map((k) => [k, obj[k]]),
  )
}
