import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { pageBounds, parseGoInt, parseQuery } from './query.js'

describe('parseQuery', () => {
  const cases: {
    name: string
    query: string
    limit: number
    offset: number
    sortBy: string
    ascending: boolean
    filters: [string, string][]
  }[] = [
    {
      name: 'defaults',
      query: '',
      limit: -1,
      offset: 0,
      sortBy: 'creationTimestamp',
      ascending: false,
      filters: [],
    },
    {
      name: 'page and limit',
      query: 'limit=10&page=3',
      limit: 10,
      offset: 20,
      sortBy: 'creationTimestamp',
      ascending: false,
      filters: [],
    },
    {
      name: 'limit without page is page 1',
      query: 'limit=5',
      limit: 5,
      offset: 0,
      sortBy: 'creationTimestamp',
      ascending: false,
      filters: [],
    },
    {
      name: 'non-integer limit means no paging',
      query: 'limit=ten&page=2',
      limit: -1,
      offset: -1,
      sortBy: 'creationTimestamp',
      ascending: false,
      filters: [],
    },
    {
      name: 'non-integer page means page 1',
      query: 'limit=4&page=x',
      limit: 4,
      offset: 0,
      sortBy: 'creationTimestamp',
      ascending: false,
      filters: [],
    },
    {
      name: 'Go booleans: T',
      query: 'ascending=T&sortBy=name',
      limit: -1,
      offset: 0,
      sortBy: 'name',
      ascending: true,
      filters: [],
    },
    {
      name: 'invalid boolean is false',
      query: 'ascending=yes',
      limit: -1,
      offset: 0,
      sortBy: 'creationTimestamp',
      ascending: false,
      filters: [],
    },
    {
      name: 'other keys are filters, first value wins',
      query: 'name=a&name=b&status=running&labelSelector=x%3Dy&fieldSelector=type%3Dz',
      limit: -1,
      offset: 0,
      sortBy: 'creationTimestamp',
      ascending: false,
      filters: [
        ['name', 'a'],
        ['status', 'running'],
        ['fieldSelector', 'type=z'],
      ],
    },
  ]
  for (const c of cases) {
    test(c.name, () => {
      const q = parseQuery(new URLSearchParams(c.query))
      assert.equal(q.limit, c.limit)
      assert.equal(q.offset, c.offset)
      assert.equal(q.sortBy, c.sortBy)
      assert.equal(q.ascending, c.ascending)
      assert.deepEqual([...q.filters], c.filters)
    })
  }

  test('an unparsable labelSelector is kept as text and matches everything', () => {
    const q = parseQuery(new URLSearchParams('labelSelector=a%20in%20(b'))
    assert.equal(q.labelSelectorText, 'a in (b')
    assert.equal(q.labelSelector, undefined)
  })

  test('a labelSelector is parsed', () => {
    const q = parseQuery(new URLSearchParams('labelSelector=app%3Dweb'))
    assert.equal(q.labelSelector?.requirements.length, 1)
  })
})

describe('parseGoInt', () => {
  for (const [text, want] of [
    ['12', 12],
    ['+3', 3],
    ['-1', -1],
    ['007', 7],
    ['1.5', undefined],
    ['', undefined],
    [' 1', undefined],
  ] as const) {
    test(JSON.stringify(text), () => assert.equal(parseGoInt(text), want))
  }
})

describe('pageBounds', () => {
  const cases: { name: string; limit: number; offset: number; total: number; want: [number, number] }[] = [
    { name: 'no paging', limit: -1, offset: 5, total: 7, want: [0, 7] },
    { name: 'first page', limit: 3, offset: 0, total: 7, want: [0, 3] },
    { name: 'last page truncated', limit: 3, offset: 6, total: 7, want: [6, 7] },
    { name: 'offset at the end', limit: 3, offset: 7, total: 7, want: [7, 7] },
    { name: 'offset past the end', limit: 3, offset: 9, total: 7, want: [0, 0] },
    { name: 'limit 0', limit: 0, offset: 0, total: 7, want: [0, 0] },
    { name: 'other negative limit', limit: -2, offset: 0, total: 7, want: [0, 0] },
    { name: 'negative offset (page 0)', limit: 3, offset: -3, total: 7, want: [0, 0] },
  ]
  for (const c of cases) test(c.name, () => assert.deepEqual(pageBounds(c, c.total), c.want))
})
