import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { ApiError } from '../errors.js'
import {
  formatLabelSelector,
  isEverything,
  matches,
  parseLabelSelector,
  requiresExactMatch,
  selectorFromLabelSelector,
  selectorFromSet,
  selectorToString,
  type LabelSelectorSpec,
} from './selector.js'

const LABEL_VALUE_ERR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
const QNAME_ERR =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"

function badRequest(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    assert.ok(e instanceof ApiError, `expected ApiError, got ${String(e)}`)
    assert.equal(e.code, 400)
    assert.equal(e.reason, 'BadRequest')
    return e.message
  }
  assert.fail('expected an error')
}

void describe('parseLabelSelector: canonical string', () => {
  const cases: { name: string; in: string; want: string }[] = [
    { name: 'empty', in: '', want: '' },
    { name: 'blank', in: ' \t ', want: '' },
    { name: 'equals', in: 'x=a', want: 'x=a' },
    { name: 'spaces around operator', in: '  x =  a ', want: 'x=a' },
    { name: 'double equals kept', in: 'x==a', want: 'x==a' },
    { name: 'not equals', in: 'x!=a', want: 'x!=a' },
    { name: 'empty value', in: 'x=', want: 'x=' },
    { name: 'empty value before comma', in: 'x=,y', want: 'x=,y' },
    { name: 'exists and not exists', in: 'b, !a', want: '!a,b' },
    { name: 'sorted by key, values sorted', in: 'b in (z, a),a notin (c)', want: 'a notin (c),b in (a,z)' },
    { name: 'kubectl transcript', in: 'app=web,tier notin (db)', want: 'app=web,tier notin (db)' },
    { name: 'empty set means empty value', in: 'x in ()', want: 'x in ()' },
    { name: 'empty members', in: 'x in (a,,b)', want: 'x in (,a,b)' },
    { name: 'leading comma', in: 'x in (,a)', want: 'x in (,a)' },
    { name: 'trailing comma', in: 'x in (a,)', want: 'x in (,a)' },
    { name: 'duplicates collapse', in: 'x in (a,a)', want: 'x in (a)' },
    { name: 'keywords as key and value', in: 'in in (in, notin)', want: 'in in (in,notin)' },
    { name: 'no space before paren', in: 'x in(a)', want: 'x in (a)' },
    { name: 'tabs and newlines', in: 'x\tin\n(a)', want: 'x in (a)' },
    { name: 'prefixed key', in: 'example.com/tier=a', want: 'example.com/tier=a' },
    { name: 'greater than', in: 'x>1', want: 'x>1' },
    { name: 'less than', in: 'x < 10', want: 'x<10' },
  ]
  for (const c of cases)
    void test(c.name, () => assert.equal(selectorToString(parseLabelSelector(c.in)), c.want))
})

void describe('parseLabelSelector: errors', () => {
  const cases: { name: string; in: string; want: string }[] = [
    { name: 'dangling comma', in: 'x=a,', want: "found '', expected: identifier after ','" },
    { name: 'double comma', in: 'x=a,,y', want: "found ',', expected: identifier after ','" },
    { name: 'leading operator', in: '=a', want: "found '=', expected: !, identifier, or 'end of string'" },
    { name: 'two values', in: 'x=a b', want: "found 'b', expected: ',' or 'end of string'" },
    { name: 'chained equals', in: 'x=a=b', want: "found '=', expected: ',' or 'end of string'" },
    { name: 'negated with value', in: '!x=a', want: "found '=', expected: ',' or 'end of string'" },
    {
      name: 'unknown operator',
      in: 'x y',
      want: "unable to parse requirement: found 'y', expected: in, notin, =, ==, !=, gt, lt",
    },
    {
      name: 'unclosed set',
      in: 'x in (a',
      want: "unable to parse requirement: found '', expected: ',' or ')'",
    },
    { name: 'set without paren', in: 'x in a', want: "unable to parse requirement: found 'a' expected: '('" },
    {
      name: 'space-separated set',
      in: 'x in (a b)',
      want: "unable to parse requirement: found 'b', expected: ',' or ')'",
    },
    {
      name: 'operator in set',
      in: 'x in (a,=)',
      want: "unable to parse requirement: found '=', expected: ',', or identifier",
    },
    {
      name: 'operator opens set',
      in: 'x in (=)',
      want: "unable to parse requirement: found '=', expected: ',', ')' or identifier",
    },
    {
      name: 'paren as value',
      in: 'x=(',
      want: "unable to parse requirement: found '(', expected: identifier",
    },
    {
      name: 'triple operator',
      in: 'x!==a',
      want: "unable to parse requirement: found '=', expected: identifier",
    },
    { name: 'bare bang', in: '!', want: "unable to parse requirement: found '', expected: identifier" },
    {
      name: 'invalid key',
      in: 'a/b/c=x',
      want:
        'unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name ' +
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    },
    {
      name: 'key with two problems joined by semicolon',
      in: '/-a',
      want: `unable to parse requirement: <nil>: Invalid value: "/-a": prefix part must be non-empty; ${QNAME_ERR}`,
    },
    {
      name: 'invalid value',
      in: 'x=a$',
      want: `unable to parse requirement: values[0][x]: Invalid value: "a$": ${LABEL_VALUE_ERR}`,
    },
    {
      name: 'two invalid values aggregate',
      in: 'x in (b$,a$)',
      want: `unable to parse requirement: [values[0][x]: Invalid value: "a$": ${LABEL_VALUE_ERR}, values[1][x]: Invalid value: "b$": ${LABEL_VALUE_ERR}]`,
    },
    {
      name: 'non-integer for gt',
      in: 'x>a',
      want: `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`,
    },
  ]
  for (const c of cases)
    void test(c.name, () =>
      assert.equal(
        badRequest(() => parseLabelSelector(c.in)),
        c.want,
      ),
    )
})

void describe('matches', () => {
  const labels = { app: 'web', tier: 'db', n: '5' }
  const cases: { name: string; sel: string; labels?: Record<string, string>; want: boolean }[] = [
    { name: 'empty selector matches', sel: '', want: true },
    { name: 'empty selector matches unlabelled', sel: '', labels: undefined, want: true },
    { name: 'equals hit', sel: 'app=web', want: true },
    { name: 'equals miss', sel: 'app=api', want: false },
    { name: 'equals on missing key', sel: 'zone=a', want: false },
    { name: 'not equals on missing key matches', sel: 'zone!=a', want: true },
    { name: 'not equals same value', sel: 'app!=web', want: false },
    { name: 'in', sel: 'tier in (db,cache)', want: true },
    { name: 'notin hit excludes', sel: 'tier notin (db)', want: false },
    { name: 'notin on missing key matches', sel: 'zone notin (a)', want: true },
    { name: 'exists', sel: 'app', want: true },
    { name: 'does not exist', sel: '!app', want: false },
    { name: 'does not exist on missing', sel: '!zone', want: true },
    { name: 'AND of all', sel: 'app=web,tier notin (db)', want: false },
    { name: 'empty value matches empty label', sel: 'e=', labels: { e: '' }, want: true },
    { name: 'empty value does not match absent label', sel: 'e=', labels: {}, want: false },
    { name: 'gt numeric', sel: 'n>4', want: true },
    { name: 'gt not greater', sel: 'n>5', want: false },
    { name: 'lt numeric not lexical', sel: 'n<10', want: true },
    { name: 'gt on non-integer label', sel: 'app>1', want: false },
    { name: 'prototype key is not a label', sel: 'constructor', labels: {}, want: false },
  ]
  for (const c of cases) {
    void test(c.name, () =>
      assert.equal(matches(parseLabelSelector(c.sel), 'labels' in c ? c.labels : labels), c.want),
    )
  }
})

void describe('selectorFromLabelSelector', () => {
  const ok: { name: string; spec: LabelSelectorSpec | null | undefined; str: string; format: string }[] = [
    {
      name: 'labels and expressions',
      spec: {
        matchLabels: { app: 'web' },
        matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }],
      },
      str: 'app=web,tier in (a,b)',
      format: 'app=web,tier in (a,b)',
    },
    {
      name: 'all operators',
      spec: {
        matchExpressions: [
          { key: 'd', operator: 'DoesNotExist' },
          { key: 'c', operator: 'Exists', values: null },
          { key: 'b', operator: 'NotIn', values: ['x'] },
        ],
      },
      str: 'b notin (x),c,!d',
      format: 'b notin (x),c,!d',
    },
    { name: 'empty selects everything', spec: {}, str: '', format: '<none>' },
    { name: 'null selects nothing', spec: null, str: '', format: '<none>' },
  ]
  for (const c of ok) {
    void test(c.name, () => {
      assert.equal(selectorToString(selectorFromLabelSelector(c.spec)), c.str)
      assert.equal(formatLabelSelector(c.spec), c.format)
    })
  }

  void test('nothing vs everything', () => {
    assert.equal(matches(selectorFromLabelSelector(undefined), { a: 'b' }), false)
    assert.equal(isEverything(selectorFromLabelSelector(undefined)), false)
    assert.equal(matches(selectorFromLabelSelector({}), { a: 'b' }), true)
    assert.equal(isEverything(selectorFromLabelSelector({ matchLabels: {} })), true)
    assert.equal(isEverything(parseLabelSelector('a')), false)
  })

  void test('matching through expressions', () => {
    const sel = selectorFromLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }],
    })
    assert.equal(matches(sel, { app: 'web' }), true)
    assert.equal(matches(sel, { app: 'web', tier: 'db' }), false)
  })

  const bad: { name: string; spec: LabelSelectorSpec; want: string }[] = [
    {
      name: 'unknown operator',
      spec: { matchExpressions: [{ key: 'a', operator: 'Foo' }] },
      want: '"Foo" is not a valid label selector operator',
    },
    {
      name: 'In without values',
      spec: { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] },
      want: "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    },
    {
      name: 'Exists with values',
      spec: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      want: 'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist',
    },
    {
      name: 'bad label value',
      spec: { matchLabels: { app: 'a b' } },
      want: `values[0][app]: Invalid value: "a b": ${LABEL_VALUE_ERR}`,
    },
    {
      name: 'bad key',
      spec: { matchLabels: { 'a b': 'x' } },
      want: `key: Invalid value: "a b": ${QNAME_ERR}`,
    },
  ]
  for (const c of bad)
    void test(c.name, () =>
      assert.equal(
        badRequest(() => selectorFromLabelSelector(c.spec)),
        c.want,
      ),
    )

  void test('formatLabelSelector reports <error>', () =>
    assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Foo' }] }), '<error>'))
})

void describe('helpers', () => {
  void test('selectorFromSet sorts keys', () =>
    assert.equal(selectorToString(selectorFromSet({ b: '2', a: '1' })), 'a=1,b=2'))
  void test('selectorFromSet of nothing is everything', () =>
    assert.equal(isEverything(selectorFromSet(undefined)), true))
  const exact: { sel: string; key: string; want: string | undefined }[] = [
    { sel: 'a=1', key: 'a', want: '1' },
    { sel: 'a==1', key: 'a', want: '1' },
    { sel: 'a in (1)', key: 'a', want: '1' },
    { sel: 'a in (1,2)', key: 'a', want: undefined },
    { sel: 'a!=1', key: 'a', want: undefined },
    { sel: 'b=1', key: 'a', want: undefined },
  ]
  for (const c of exact) {
    void test(`requiresExactMatch ${c.sel} ${c.key}`, () =>
      assert.equal(requiresExactMatch(parseLabelSelector(c.sel), c.key), c.want))
  }
})
