import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import {
  fieldSelectorMatch,
  metaFilterV1alpha3,
  metaFilterV1beta1,
  singleRequirementMatch,
} from './filters.js'

const obj = {
  apiVersion: 'v1',
  kind: 'Secret',
  type: 'kubernetes.io/dockerconfigjson',
  metadata: {
    name: 'web-frontend',
    namespace: 'demo',
    uid: 'u-1',
    labels: { app: 'web', tier: 'front' },
    annotations: { 'kubesphere.io/alias-name': 'Shop Front', note: 'x' },
    ownerReferences: [{ uid: 'owner-1', kind: 'Deployment' }],
  },
  spec: { email: 'Alice@Example.com' },
}

describe('generic filters', () => {
  const cases: { name: string; key: string; value: string; v1alpha3: boolean; v1beta1: boolean }[] = [
    { name: 'name substring', key: 'name', value: 'front', v1alpha3: true, v1beta1: true },
    {
      name: 'name by alias (case-sensitive in v1alpha3)',
      key: 'name',
      value: 'shop',
      v1alpha3: false,
      v1beta1: true,
    },
    { name: 'name by alias, exact case', key: 'name', value: 'Shop', v1alpha3: true, v1beta1: true },
    { name: 'nameAndAlias', key: 'nameAndAlias', value: 'web', v1alpha3: true, v1beta1: true },
    { name: 'names exact', key: 'names', value: 'a,web-frontend', v1alpha3: true, v1beta1: true },
    { name: 'names no substring', key: 'names', value: 'web', v1alpha3: false, v1beta1: false },
    { name: 'uid', key: 'uid', value: 'u-1', v1alpha3: true, v1beta1: true },
    { name: 'namespace', key: 'namespace', value: 'other', v1alpha3: false, v1beta1: false },
    { name: 'ownerReference', key: 'ownerReference', value: 'owner-1', v1alpha3: true, v1beta1: true },
    { name: 'ownerKind', key: 'ownerKind', value: 'ReplicaSet', v1alpha3: false, v1beta1: false },
    {
      name: 'label selector with two terms (v1beta1: one requirement only)',
      key: 'label',
      value: 'app=web,tier!=db',
      v1alpha3: true,
      v1beta1: false,
    },
    { name: 'label set-based', key: 'label', value: 'tier in (front,back)', v1alpha3: true, v1beta1: false },
    { name: 'label equality', key: 'label', value: 'app=web', v1alpha3: true, v1beta1: true },
    { name: 'label unparsable', key: 'label', value: 'app in (', v1alpha3: false, v1beta1: false },
    { name: 'annotation presence', key: 'annotation', value: 'note', v1alpha3: true, v1beta1: true },
    {
      name: 'fieldSelector (v1beta1 only)',
      key: 'fieldSelector',
      value: 'type=Opaque',
      v1alpha3: true,
      v1beta1: false,
    },
    { name: 'unknown key', key: 'whatever', value: 'x', v1alpha3: true, v1beta1: true },
  ]
  for (const c of cases) {
    test(c.name, () => {
      assert.equal(metaFilterV1alpha3(obj, c.key, c.value), c.v1alpha3, 'v1alpha3')
      assert.equal(metaFilterV1beta1(obj, c.key, c.value), c.v1beta1, 'v1beta1')
    })
  }
})

describe('singleRequirementMatch', () => {
  const labels = { app: 'web', empty: '' }
  for (const [text, want] of [
    ['app=web', true],
    ['app=db', false],
    ['app!=db', true],
    ['app!=web', false],
    ['missing!=x', false],
    ['app', true],
    ['empty', true],
    ['missing', false],
    ['app=*', true],
  ] as const) {
    test(text, () => assert.equal(singleRequirementMatch(labels, text), want))
  }
})

describe('fieldSelectorMatch', () => {
  const cases: { name: string; text: string; missingFails: boolean; want: boolean }[] = [
    { name: 'equal', text: 'type=kubernetes.io/dockerconfigjson', missingFails: false, want: true },
    { name: 'double equal', text: 'metadata.name==web-frontend', missingFails: false, want: true },
    { name: 'not equal', text: 'metadata.namespace!=demo', missingFails: false, want: false },
    {
      name: 'all terms must hold',
      text: 'metadata.name=web-frontend,type=Opaque',
      missingFails: false,
      want: false,
    },
    {
      name: 'case-insensitive with ~',
      text: 'spec.email=~alice@example.com',
      missingFails: false,
      want: true,
    },
    {
      name: 'case-sensitive without ~',
      text: 'spec.email=alice@example.com',
      missingFails: false,
      want: false,
    },
    { name: 'missing path reads empty', text: 'spec.missing=', missingFails: false, want: true },
    { name: 'missing path fails for secrets', text: 'spec.missing=', missingFails: true, want: false },
    { name: 'missing path with != ', text: 'spec.missing!=x', missingFails: false, want: true },
    { name: 'malformed term', text: '=x', missingFails: false, want: false },
  ]
  for (const c of cases)
    test(c.name, () => assert.equal(fieldSelectorMatch(obj, c.text, c.missingFails), c.want))
})
