import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { ApiError } from '../errors.js'
import {
  escapeFieldValue,
  exactName,
  fieldSelectorFromSet,
  fieldSelectorToString,
  isEverythingFields,
  matchesFields,
  parseFieldSelector,
  requirements,
  requiresExactMatchField,
  unescapeFieldValue,
  unsupportedField,
} from './selector.js'

function badRequest(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    assert.ok(e instanceof ApiError)
    assert.equal(e.code, 400)
    assert.equal(e.reason, 'BadRequest')
    return e.message
  }
  assert.fail('expected an error')
}

void describe('parseFieldSelector', () => {
  const cases: {
    name: string
    in: string
    reqs: { field: string; operator: string; value: string }[]
    str: string
  }[] = [
    { name: 'empty', in: '', reqs: [], str: '' },
    {
      name: 'equals',
      in: 'metadata.name=web',
      reqs: [{ field: 'metadata.name', operator: '=', value: 'web' }],
      str: 'metadata.name=web',
    },
    {
      name: 'double equals folds',
      in: 'a==b',
      reqs: [{ field: 'a', operator: '=', value: 'b' }],
      str: 'a=b',
    },
    {
      name: 'not equals',
      in: 'spec.clusterIP!=None',
      reqs: [{ field: 'spec.clusterIP', operator: '!=', value: 'None' }],
      str: 'spec.clusterIP!=None',
    },
    {
      name: 'empty value',
      in: 'spec.nodeName=',
      reqs: [{ field: 'spec.nodeName', operator: '=', value: '' }],
      str: 'spec.nodeName=',
    },
    {
      name: 'terms sorted by text',
      in: 'involvedObject.namespace=default,involvedObject.uid=u1,involvedObject.name=web',
      reqs: [
        { field: 'involvedObject.name', operator: '=', value: 'web' },
        { field: 'involvedObject.namespace', operator: '=', value: 'default' },
        { field: 'involvedObject.uid', operator: '=', value: 'u1' },
      ],
      str: 'involvedObject.name=web,involvedObject.namespace=default,involvedObject.uid=u1',
    },
    {
      name: 'empty terms skipped',
      in: ',a=b,,',
      reqs: [{ field: 'a', operator: '=', value: 'b' }],
      str: 'a=b',
    },
    { name: 'bare operator selects everything', in: '=', reqs: [], str: '' },
    {
      name: 'escaped comma and equals',
      in: 'a=x\\,y\\=z\\\\',
      reqs: [{ field: 'a', operator: '=', value: 'x,y=z\\' }],
      str: 'a=x\\,y\\=z\\\\',
    },
    {
      name: 'whitespace is literal',
      in: 'a = b',
      reqs: [{ field: 'a ', operator: '=', value: ' b' }],
      str: 'a = b',
    },
    {
      name: 'first operator wins',
      in: 'a!=b!',
      reqs: [{ field: 'a', operator: '!=', value: 'b!' }],
      str: 'a!=b!',
    },
  ]
  for (const c of cases) {
    void test(c.name, () => {
      const sel = parseFieldSelector(c.in)
      assert.deepEqual(requirements(sel), c.reqs)
      assert.equal(fieldSelectorToString(sel), c.str)
    })
  }

  const errors: { name: string; in: string; want: string }[] = [
    {
      name: 'no operator',
      in: 'a=b,status.phase',
      want: "invalid selector: 'a=b,status.phase'; can't understand 'status.phase'",
    },
    {
      name: 'unescaped equals in value',
      in: 'a=b=c',
      want: 'invalid field selector: unescaped character in value: 61',
    },
    { name: 'bad escape', in: 'a=b\\x', want: 'invalid field selector: invalid escape sequence: \\x' },
    { name: 'trailing backslash', in: 'a=b\\', want: 'invalid field selector: invalid escape sequence: \\' },
  ]
  for (const c of errors)
    void test(`error: ${c.name}`, () =>
      assert.equal(
        badRequest(() => parseFieldSelector(c.in)),
        c.want,
      ))
})

void describe('matchesFields', () => {
  const fields = { 'metadata.name': 'web', 'status.phase': 'Pending', 'spec.nodeName': '' }
  const cases: { name: string; sel: string; want: boolean }[] = [
    { name: 'everything', sel: '', want: true },
    { name: 'equals hit', sel: 'metadata.name=web', want: true },
    { name: 'equals miss', sel: 'metadata.name=api', want: false },
    { name: 'not equals', sel: 'status.phase!=Running', want: true },
    { name: 'not equals same', sel: 'status.phase!=Pending', want: false },
    { name: 'empty matches empty', sel: 'spec.nodeName=', want: true },
    { name: 'absent field reads empty', sel: 'spec.host=', want: true },
    { name: 'absent field not equals', sel: 'spec.host!=x', want: true },
    { name: 'AND', sel: 'metadata.name=web,status.phase=Running', want: false },
    { name: 'prototype name is absent', sel: 'constructor=', want: true },
  ]
  for (const c of cases)
    void test(c.name, () => assert.equal(matchesFields(parseFieldSelector(c.sel), fields), c.want))
})

void describe('helpers', () => {
  void test('exactName', () => {
    assert.equal(exactName(parseFieldSelector('metadata.name=d1')), 'd1')
    assert.equal(exactName(parseFieldSelector('metadata.name!=d1')), undefined)
    assert.equal(exactName(parseFieldSelector('metadata.namespace=x')), undefined)
  })
  void test('requiresExactMatchField', () =>
    assert.equal(requiresExactMatchField(parseFieldSelector('a=1,b==2'), 'b'), '2'))
  void test('unsupportedField', () => {
    const sel = parseFieldSelector('metadata.name=a,status.phase=b')
    assert.equal(unsupportedField(sel, ['metadata.name', 'metadata.namespace']), 'status.phase')
    assert.equal(unsupportedField(sel, ['metadata.name', 'status.phase']), undefined)
  })
  void test('isEverythingFields', () => {
    assert.equal(isEverythingFields(parseFieldSelector('')), true)
    assert.equal(isEverythingFields(parseFieldSelector('a=b')), false)
  })
  void test('escape round trip', () => {
    for (const v of ['', 'plain', 'a,b', 'x=y', '\\', 'a\\,=b'])
      assert.equal(unescapeFieldValue(escapeFieldValue(v)), v)
  })
  void test('fieldSelectorFromSet', () =>
    assert.equal(
      fieldSelectorToString(fieldSelectorFromSet({ 'metadata.name': 'a,b', 'metadata.namespace': 'ns' })),
      'metadata.name=a\\,b,metadata.namespace=ns',
    ))
})
