/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition: defaults and validation (kube-api.md §14.1).
 * Serving the custom resources is the CRD controller's job (src/controllers/crd-controller.ts).
 */
import {
  fieldForbidden,
  fieldInvalid,
  fieldRequired,
  fieldNotSupported,
  fieldDuplicate,
  type FieldError,
} from '../../apimachinery/errors.js'
import { deepEqual, isPlainObject } from '../../apimachinery/meta.js'
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain } from '../../apimachinery/validation.js'
import type { Strategy } from '../../registry/strategy.js'
import { structuralFieldErrors } from './structural.js'

export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io'

function defaults(crd: any): void {
  const spec = (crd.spec ??= {})
  const names = (spec.names ??= {})
  if (names.kind && !names.singular) names.singular = String(names.kind).toLowerCase()
  if (names.kind && !names.listKind) names.listKind = `${names.kind}List`
  spec.conversion ??= { strategy: 'None' }
  for (const v of spec.versions ?? []) {
    if (isPlainObject(v) && v['subresources'] === null) delete v['subresources']
  }
}

function validate(crd: any): FieldError[] {
  const errs: FieldError[] = []
  const spec = crd.spec
  if (!isPlainObject(spec)) return [fieldRequired('spec', '')]
  const group: unknown = spec.group
  const names = spec.names ?? {}
  if (!group) errs.push(fieldRequired('spec.group', ''))
  else if (typeof group !== 'string' || !group.includes('.')) {
    errs.push(fieldInvalid('spec.group', group, 'should be a domain with at least one dot'))
  } else {
    for (const d of isDNS1123Subdomain(group)) errs.push(fieldInvalid('spec.group', group, d))
  }
  if (crd.metadata?.name !== `${String(names.plural)}.${String(group)}`) {
    errs.push(fieldInvalid('metadata.name', crd.metadata?.name ?? '', 'must be spec.names.plural+"."+spec.group'))
  }
  if (!['Namespaced', 'Cluster'].includes(spec.scope)) {
    errs.push(spec.scope ? fieldNotSupported('spec.scope', spec.scope, ['Cluster', 'Namespaced']) : fieldRequired('spec.scope', ''))
  }
  for (const field of ['plural', 'singular'] as const) {
    const v = names[field]
    if (!v) errs.push(fieldRequired(`spec.names.${field}`, ''))
    else for (const d of isDNS1123Label(v)) errs.push(fieldInvalid(`spec.names.${field}`, v, d))
  }
  if (!names.kind) errs.push(fieldRequired('spec.names.kind', ''))
  else if (!/^[A-Za-z][A-Za-z0-9]*$/.test(names.kind)) {
    errs.push(fieldInvalid('spec.names.kind', names.kind, 'may have mixed case, but should otherwise match: [a-z]([-a-z0-9]*[a-z0-9])?'))
  }
  for (const [i, s] of (names.shortNames ?? []).entries()) {
    for (const d of isDNS1123Label(s)) errs.push(fieldInvalid(`spec.names.shortNames[${i}]`, s, d))
  }
  const versions: any[] = Array.isArray(spec.versions) ? spec.versions : []
  if (versions.length === 0) errs.push(fieldInvalid('spec.versions', [], 'must have exactly one version marked as storage version'))
  const seen = new Set<string>()
  versions.forEach((v, i) => {
    const f = `spec.versions[${i}]`
    if (!v?.name) errs.push(fieldRequired(`${f}.name`, ''))
    else {
      for (const d of isDNS1035Label(v.name)) errs.push(fieldInvalid(`${f}.name`, v.name, d))
      if (seen.has(v.name)) errs.push(fieldDuplicate(`${f}.name`, v.name))
      seen.add(v.name)
    }
    const schema = v?.schema?.openAPIV3Schema
    if (!schema) errs.push(fieldRequired(`${f}.schema.openAPIV3Schema`, 'schemas are required'))
    else errs.push(...structuralFieldErrors(schema, `${f}.schema.openAPIV3Schema`))
    for (const [j, c] of (v?.additionalPrinterColumns ?? []).entries()) {
      if (!['integer', 'number', 'string', 'boolean', 'date'].includes(c?.type)) {
        errs.push(fieldNotSupported(`${f}.additionalPrinterColumns[${j}].type`, c?.type, ['boolean', 'date', 'integer', 'number', 'string']))
      }
      if (!c?.jsonPath) errs.push(fieldRequired(`${f}.additionalPrinterColumns[${j}].jsonPath`, ''))
    }
  })
  if (versions.length > 0) {
    const storage = versions.filter((v) => v?.storage === true).length
    if (storage !== 1) errs.push(fieldInvalid('spec.versions', versions.map((v) => v?.name), 'must have exactly one version marked as storage version'))
    if (!versions.some((v) => v?.served === true)) errs.push(fieldInvalid('spec.versions', versions.map((v) => v?.name), 'must have at least one version marked as served'))
  }
  if (spec.conversion?.strategy && !['None', 'Webhook'].includes(spec.conversion.strategy)) {
    errs.push(fieldNotSupported('spec.conversion.strategy', spec.conversion.strategy, ['None', 'Webhook']))
  } else if (spec.conversion?.strategy === 'Webhook') {
    errs.push(fieldForbidden('spec.conversion.strategy', 'Webhook conversion is not supported by this server'))
  }
  return errs
}

function validateUpdate(crd: any, old: any): FieldError[] {
  const errs: FieldError[] = []
  if (crd.spec?.group !== old.spec?.group) errs.push(fieldInvalid('spec.group', crd.spec?.group, 'field is immutable'))
  if (crd.spec?.scope !== old.spec?.scope) errs.push(fieldInvalid('spec.scope', crd.spec?.scope, 'field is immutable'))
  if (crd.spec?.names?.plural !== old.spec?.names?.plural) {
    errs.push(fieldInvalid('spec.names.plural', crd.spec?.names?.plural, 'field is immutable'))
  }
  return errs
}

export const crdStrategy: Strategy = {
  info: {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    resource: 'customresourcedefinitions',
    singular: 'customresourcedefinition',
    kind: 'CustomResourceDefinition',
    listKind: 'CustomResourceDefinitionList',
    scope: 'Cluster',
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: { status: true },
  },
  defaults,
  prepareForCreate(crd) {
    crd.status = { storedVersions: [], conditions: [], acceptedNames: { plural: '', kind: '' } }
    const finalizers: string[] = crd.metadata.finalizers ?? []
    if (!finalizers.includes(CRD_CLEANUP_FINALIZER)) crd.metadata.finalizers = [...finalizers, CRD_CLEANUP_FINALIZER]
  },
  prepareForUpdate(crd, old) {
    crd.status = old.status
  },
  validate,
  validateUpdate,
  tracksGeneration: true,
  generationChanged: (crd, old) => !deepEqual(crd.spec, old.spec),
  returnDeletedObject: true,
  schemaName: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
  table: {
    columns: [
      { name: 'Name', type: 'string', format: 'name', description: 'Name of the resource', priority: 0 },
      { name: 'Created At', type: 'date', description: 'Creation time of the resource', priority: 0 },
    ],
    cells: (crd: any) => [crd.metadata.name, crd.metadata.creationTimestamp],
  },
}
