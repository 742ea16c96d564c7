import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { entryOf, listEntries, listResultJson, SortedLists, type Entry } from './list.js'
import { parseQuery } from './query.js'

/** Deterministic pseudo-random objects with many equal timestamps (ties broken by name). */
function objects(n: number): Entry[] {
  let seed = 42
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const out: Entry[] = []
  for (let i = 0; i < n; i++) {
    const second = Math.floor(rand() * 60)
    out.push(
      entryOf({
        metadata: {
          name: `obj-${String(Math.floor(rand() * n)).padStart(4, '0')}-${i}`,
          namespace: `ns-${i % 3}`,
          creationTimestamp: `2026-01-01T00:00:${String(second).padStart(2, '0')}Z`,
          labels: { parity: i % 2 ? 'odd' : 'even' },
        },
      }),
    )
  }
  return out
}

/** The expected order, written independently of the implementation. */
function expected(entries: Entry[], sortBy: string, ascending: boolean): string[] {
  const key = (e: Entry) => [
    sortBy === 'name' ? e.obj.metadata.name : e.obj.metadata.creationTimestamp,
    e.obj.metadata.name,
    e.obj.metadata.namespace,
  ]
  const sorted = [...entries].sort((a, b) => {
    const ka = key(a)
    const kb = key(b)
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1
    return 0
  })
  if (!ascending) sorted.reverse()
  return sorted.map((e) => `${e.obj.metadata.namespace}/${e.obj.metadata.name}`)
}

const names = (items: Entry[]) => items.map((e) => `${e.obj.metadata.namespace}/${e.obj.metadata.name}`)

describe('listEntries: sort and page against a computed expectation', () => {
  const all = objects(1000)
  const cases = [
    'limit=10&page=1',
    'limit=10&page=7&sortBy=name',
    'limit=10&page=2&sortBy=name&ascending=true',
    'limit=50&page=3&ascending=true',
    'limit=300&page=2',
    'limit=7&page=143',
    'sortBy=createTime&limit=10',
    'sortBy=unknownField&limit=20&page=5&ascending=true',
    '',
  ]
  for (const query of cases) {
    test(query || '(no query)', () => {
      const q = parseQuery(new URLSearchParams(query))
      const result = listEntries(all, q, 'v1alpha3')
      const order = expected(all, q.sortBy, q.ascending)
      const start = q.limit === -1 ? 0 : q.offset
      const end = q.limit === -1 ? order.length : Math.min(order.length, q.offset + q.limit)
      assert.equal(result.totalItems, 1000)
      assert.deepEqual(names(result.items), order.slice(start, end))
    })
  }

  test('filters apply before paging; totalItems counts matches', () => {
    const q = parseQuery(new URLSearchParams('label=parity%3Dodd&limit=5&page=2&sortBy=name&ascending=true'))
    const result = listEntries(all, q, 'v1alpha3')
    const odd = all.filter((e) => e.obj.metadata.labels.parity === 'odd')
    assert.equal(result.totalItems, odd.length)
    assert.deepEqual(names(result.items), expected(odd, 'name', true).slice(5, 10))
  })

  test('a resource filter decides before the generic one', () => {
    const q = parseQuery(new URLSearchParams('status=odd'))
    const result = listEntries(all, q, 'v1alpha3', {
      filter: (o, k, v) => (k === 'status' ? o.metadata.labels.parity === v : undefined),
    })
    assert.equal(result.totalItems, 500)
  })

  test('resource sort keys', () => {
    const q = parseQuery(new URLSearchParams('sortBy=ns&ascending=true&limit=3'))
    const result = listEntries(all, q, 'v1alpha3', { sortKeys: { ns: (o) => o.metadata.namespace } })
    assert.deepEqual(
      result.items.map((e) => e.obj.metadata.namespace),
      ['ns-0', 'ns-0', 'ns-0'],
    )
  })

  test('transform applies to the page only and changes the JSON', () => {
    const q = parseQuery(new URLSearchParams('limit=2'))
    const result = listEntries(all, q, 'v1alpha3', {
      transform: (o) => ({ ...o, secret: undefined, seen: true }),
    })
    assert.equal(result.items.length, 2)
    assert.ok(result.items.every((e) => e.obj.seen === true))
    assert.match(listResultJson(result), /"seen":true/)
  })

  test('an empty page is items: []', () => {
    const result = listEntries(all, parseQuery(new URLSearchParams('limit=10&page=1000')), 'v1alpha3')
    assert.equal(listResultJson(result), '{"items":[],"totalItems":1000}')
  })
})

describe('SortedLists memo', () => {
  const all = objects(500)
  const q = parseQuery(new URLSearchParams('limit=10&page=3&sortBy=name'))

  test('answers the same as without a memo; keeps the sort from the second ask on', () => {
    const lists = new SortedLists()
    const memo = { lists, query: 'pods', revision: 7 }
    const plain = names(listEntries(all, q, 'v1alpha3').items)
    assert.deepEqual(names(listEntries(all, q, 'v1alpha3', undefined, memo).items), plain)
    assert.equal(lists.lookup('pods', 7), undefined, 'the first ask keeps nothing')
    assert.deepEqual(names(listEntries(all, q, 'v1alpha3', undefined, memo).items), plain)
    assert.equal(lists.lookup('pods', 7)?.length, 500)
    // A remembered result is paged without looking at the entries passed in.
    const next = parseQuery(new URLSearchParams('limit=10&page=4&sortBy=name'))
    const fromMemo = listEntries([], next, 'v1alpha3', undefined, memo)
    assert.deepEqual(names(fromMemo.items), names(listEntries(all, next, 'v1alpha3').items))
    assert.equal(fromMemo.totalItems, 500)
  })

  test('another revision or query misses', () => {
    const lists = new SortedLists()
    lists.keep('pods', 7, all)
    assert.equal(lists.lookup('pods', 8), undefined)
    assert.equal(lists.lookup('nodes', 7), undefined)
    assert.equal(lists.asked('pods', 8), false)
    assert.equal(lists.asked('pods', 8), true)
  })

  test('holds at most its capacity, dropping the least recently used', () => {
    const lists = new SortedLists(2)
    lists.keep('a', 1, all)
    lists.keep('b', 1, all)
    lists.keep('c', 1, all)
    assert.equal(lists.lookup('a', 1), undefined)
    assert.ok(lists.lookup('b', 1) && lists.lookup('c', 1))
  })
})
