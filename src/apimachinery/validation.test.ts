import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  regexError,
  validateAnnotations,
  validateLabels,
  validatePathSegmentName,
} from './validation.js'
import { fieldErrorString } from './errors.js'

const SUBDOMAIN_ERR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
const LABEL_ERR =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
const DNS1035_ERR =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
const QNAME_ERR =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
const LABEL_VALUE_ERR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"

type Case = { name: string; fn: (v: string) => string[]; value: string; want: string[] }

const cases: Case[] = [
  { name: 'subdomain ok', fn: isDNS1123Subdomain, value: 'my.app-1', want: [] },
  { name: 'subdomain upper case', fn: isDNS1123Subdomain, value: 'Bad_Name', want: [SUBDOMAIN_ERR] },
  { name: 'subdomain empty', fn: isDNS1123Subdomain, value: '', want: [SUBDOMAIN_ERR] },
  {
    name: 'subdomain 253 ok',
    fn: isDNS1123Subdomain,
    value: `${'a'.repeat(63)}.`.repeat(3) + 'a'.repeat(61),
    want: [],
  },
  {
    name: 'subdomain too long',
    fn: isDNS1123Subdomain,
    value: 'a'.repeat(253) + '-',
    want: ['must be no more than 253 characters', SUBDOMAIN_ERR],
  },
  { name: 'label ok', fn: isDNS1123Label, value: '123-abc', want: [] },
  { name: 'label with dots', fn: isDNS1123Label, value: 'a.b', want: ['must not contain dots'] },
  { name: 'label trailing dash', fn: isDNS1123Label, value: 'abc-', want: [LABEL_ERR] },
  {
    name: 'label too long',
    fn: isDNS1123Label,
    value: 'a'.repeat(64),
    want: ['must be no more than 63 characters'],
  },
  { name: 'dns1035 ok', fn: isDNS1035Label, value: 'my-svc', want: [] },
  { name: 'dns1035 leading digit', fn: isDNS1035Label, value: '1svc', want: [DNS1035_ERR] },
  { name: 'qualified ok plain', fn: isQualifiedName, value: 'My_Name.1', want: [] },
  { name: 'qualified ok prefixed', fn: isQualifiedName, value: 'example.com/MyName', want: [] },
  {
    name: 'qualified empty name',
    fn: isQualifiedName,
    value: 'example.com/',
    want: ['name part must be non-empty', QNAME_ERR],
  },
  {
    name: 'qualified empty prefix',
    fn: isQualifiedName,
    value: '/x',
    want: ['prefix part must be non-empty'],
  },
  {
    name: 'qualified bad prefix',
    fn: isQualifiedName,
    value: 'Ex.com/x',
    want: [`prefix part ${SUBDOMAIN_ERR}`],
  },
  {
    name: 'qualified long name',
    fn: isQualifiedName,
    value: 'a'.repeat(64),
    want: ['name part must be no more than 63 characters'],
  },
  {
    name: 'qualified two slashes',
    fn: isQualifiedName,
    value: 'a/b/c',
    want: [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ],
  },
  { name: 'qualified trailing dot', fn: isQualifiedName, value: 'abc.', want: [QNAME_ERR] },
  { name: 'label value empty ok', fn: isValidLabelValue, value: '', want: [] },
  { name: 'label value ok', fn: isValidLabelValue, value: 'v1.2_x-y', want: [] },
  { name: 'label value space', fn: isValidLabelValue, value: 'a b', want: [LABEL_VALUE_ERR] },
  {
    name: 'label value too long',
    fn: isValidLabelValue,
    value: 'a'.repeat(64),
    want: ['must be no more than 63 characters'],
  },
  {
    name: 'label value non-ascii counts bytes',
    fn: isValidLabelValue,
    value: 'é'.repeat(32),
    want: ['must be no more than 63 characters', LABEL_VALUE_ERR],
  },
]

void describe('name validators', () => {
  for (const c of cases) void test(c.name, () => assert.deepEqual(c.fn(c.value), c.want))
})

void describe('regexError', () => {
  void test('no examples', () => assert.equal(regexError('m', 'x+'), "m (regex used for validation is 'x+')"))
  void test('two examples keep the doubled space', () =>
    assert.equal(regexError('m', 'x', 'a', 'b'), "m (e.g. 'a',  or 'b', regex used for validation is 'x')"))
})

void describe('validatePathSegmentName', () => {
  const table: { name: string; value: string; prefix: boolean; want: string[] }[] = [
    { name: 'plain', value: 'abc', prefix: false, want: [] },
    { name: 'dot', value: '.', prefix: false, want: ["may not be '.'"] },
    { name: 'dotdot', value: '..', prefix: false, want: ["may not be '..'"] },
    { name: 'dot as prefix is fine', value: '.', prefix: true, want: [] },
    {
      name: 'slash and percent',
      value: 'a/b%c',
      prefix: false,
      want: ["may not contain '/'", "may not contain '%'"],
    },
    { name: 'prefix with slash', value: 'a/', prefix: true, want: ["may not contain '/'"] },
  ]
  for (const c of table)
    void test(c.name, () => assert.deepEqual(validatePathSegmentName(c.value, c.prefix), c.want))
})

void describe('validateLabels / validateAnnotations', () => {
  void test('bad key and value are both reported', () => {
    const errs = validateLabels({ 'a/b/c': 'x y' }, 'metadata.labels').map(fieldErrorString)
    assert.equal(errs.length, 2)
    assert.match(errs[0], /^metadata\.labels: Invalid value: "a\/b\/c": a qualified name /)
    assert.equal(errs[1], `metadata.labels: Invalid value: "x y": ${LABEL_VALUE_ERR}`)
  })
  void test('valid labels', () =>
    assert.deepEqual(validateLabels({ app: 'web', 'example.com/tier': '' }, 'l'), []))
  void test('annotation keys ignore case', () =>
    assert.deepEqual(validateAnnotations({ 'Example.COM/Note': 'x' }, 'a'), []))
  void test('annotation total size', () => {
    const errs = validateAnnotations({ k: 'x'.repeat(256 * 1024) }, 'metadata.annotations')
    assert.deepEqual(errs.map(fieldErrorString), [
      'metadata.annotations: Too long: must have at most 262144 bytes',
    ])
  })
})
