/** A small served set for the OpenAPI tests: core kinds, a workload, a review, the CRD kind and one custom resource. */
import type { OpenApiResource } from '../resource.js'

const r = (
  group: string,
  version: string,
  kind: string,
  resource: string,
  namespaced: boolean,
  subresources: string[] = [],
  extra: Partial<OpenApiResource> = {},
): OpenApiResource => ({ group, version, kind, resource, namespaced, subresources, ...extra })

export const WIDGET_SCHEMA = {
  type: 'object',
  description: 'A widget.',
  properties: {
    spec: {
      type: 'object',
      properties: {
        color: { type: 'string', description: 'The colour.' },
        size: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
        tags: { type: 'array', items: { type: 'string' }, nullable: true },
      },
    },
  },
}

export const WIDGET = r('example.com', 'v1', 'Widget', 'widgets', true, ['status', 'scale'], {
  isCustomResource: true,
  crdSchema: WIDGET_SCHEMA,
})

export const TEST_RESOURCES: OpenApiResource[] = [
  r('', 'v1', 'Namespace', 'namespaces', false, ['status', 'finalize'], {
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  }),
  r('', 'v1', 'Pod', 'pods', true, ['status', 'binding', 'eviction', 'exec', 'log']),
  r('', 'v1', 'ConfigMap', 'configmaps', true),
  r('', 'v1', 'ServiceAccount', 'serviceaccounts', true, ['token']),
  r('apps', 'v1', 'Deployment', 'deployments', true, ['status', 'scale']),
  r('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', false, [], {
    verbs: ['create'],
  }),
  r('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, ['status']),
  WIDGET,
]
