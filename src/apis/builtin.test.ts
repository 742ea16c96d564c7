import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { builtinStrategies } from './builtin.js'

const NOW = Date.parse('2024-05-01T10:00:00Z')

void describe('builtinStrategies', () => {
  void test('core first, then apps, batch, coordination.k8s.io', () => {
    const groups = [...new Set(builtinStrategies.map((s) => s.info.group))]
    assert.deepEqual(groups, ['', 'apps', 'batch', 'coordination.k8s.io'])
  })

  void test('resources, kinds and short names are unique', () => {
    const keys = builtinStrategies.map((s) => `${s.info.group}/${s.info.resource}`)
    assert.equal(new Set(keys).size, keys.length)
    const kinds = builtinStrategies.map((s) => s.info.kind)
    assert.equal(new Set(kinds).size, kinds.length)
    const shortNames = builtinStrategies.flatMap((s) => s.info.shortNames ?? [])
    assert.equal(new Set(shortNames).size, shortNames.length)
  })

  void test('category all holds exactly the served workload kinds', () => {
    const all = builtinStrategies.filter((s) => s.info.categories?.includes('all')).map((s) => s.info.resource)
    assert.deepEqual(all.sort(), ['cronjobs', 'daemonsets', 'deployments', 'jobs', 'pods', 'replicasets', 'services', 'statefulsets'])
  })

  for (const s of builtinStrategies) {
    const name = `${s.info.group || 'core'}/${s.info.resource}`
    void test(`${name}: schema name, table shape, tolerant and idempotent defaults`, () => {
      assert.match(s.schemaName ?? '', /^io\.k8s\.api\.[a-z]+\.v1\.[A-Z][A-Za-z]+$/)
      assert.ok(s.schemaName!.endsWith(`.${s.info.kind}`))
      const table = s.table
      assert.ok(table, 'has a table')
      assert.equal(table.columns.filter((c) => c.format === 'name').length, 1)
      const obj: any = { metadata: { name: 'x', namespace: 'default', uid: 'u' } }
      s.prepareForCreate?.(obj)
      s.defaults?.(obj)
      const once = structuredClone(obj)
      s.defaults?.(obj)
      assert.deepEqual(obj, once)
      assert.equal(table.cells(obj, NOW).length, table.columns.length)
      assert.doesNotThrow(() => s.validate?.(obj))
      if (s.info.subresources?.status) assert.equal(typeof s.prepareForUpdate, 'function', 'status subresource kinds keep the stored status')
    })
  }
})
