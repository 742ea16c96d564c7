import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { ApiError } from '../errors.js'
import {
  fieldSetOf,
  fromFieldsV1,
  managedFieldsTime,
  serverSideApply,
  updateManagedFields,
  type ManagedFieldsEntry,
} from './managed-fields.js'
import type { PatchMeta } from './patch-meta.js'

const META: PatchMeta = {
  fields: {
    metadata: { fields: { finalizers: { strategy: 'merge' } } },
    spec: {
      fields: {
        template: {
          fields: {
            spec: {
              fields: {
                containers: {
                  strategy: 'merge',
                  mergeKey: 'name',
                  items: { fields: { env: { strategy: 'merge', mergeKey: 'name' } } },
                },
              },
            },
          },
        },
      },
    },
  },
}

const GR = { group: 'apps', resource: 'deployments' }
const T0 = '2024-05-01T10:00:00Z'
const T1 = '2024-05-01T11:00:00.123Z'

function manifest(replicas: number, labels: Record<string, string> = { app: 'd2' }) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd2', namespace: 'default', labels },
    spec: {
      replicas,
      template: {
        spec: { containers: [{ name: 'web', image: 'nginx:1.25', env: [{ name: 'A', value: '1' }] }] },
      },
    },
  }
}

/** The object as stored after `kubectl apply` (client-side) created it. */
function createdByClientSideApply() {
  const obj = { ...manifest(1), metadata: { ...manifest(1).metadata, uid: 'u1', resourceVersion: '7' } }
  return updateManagedFields(undefined, obj, {
    manager: 'kubectl-client-side-apply',
    apiVersion: 'apps/v1',
    meta: META,
    now: T0,
  })
}

const entries = (obj: any): ManagedFieldsEntry[] => obj.metadata.managedFields
const entryOf = (obj: any, manager: string) => entries(obj).find((e) => e.manager === manager)
const owns = (obj: any, manager: string, path: string[]) => {
  const e = entryOf(obj, manager)
  return e !== undefined && fromFieldsV1(e.fieldsV1).has(path)
}
const REPLICAS = ['f:spec', 'f:replicas']

function conflict(fn: () => unknown): ApiError {
  try {
    fn()
  } catch (e) {
    assert.ok(e instanceof ApiError, String(e))
    return e
  }
  assert.fail('expected a conflict')
}

void describe('fieldSetOf', () => {
  void test('the shape kube-api.md §10.4 shows', () => {
    const applied = {
      spec: { replicas: 1, template: { spec: { containers: [{ name: 'web', image: 'x' }] } } },
    }
    assert.deepEqual(fieldSetOf(applied, META), {
      'f:spec': {
        'f:replicas': {},
        'f:template': {
          'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
        },
      },
    })
  })
})

void describe('updateManagedFields', () => {
  void test('create records one Update entry owning every field', () => {
    const obj = createdByClientSideApply()
    assert.deepEqual(
      entries(obj).map(({ fieldsV1: _f, ...rest }) => rest),
      [
        {
          manager: 'kubectl-client-side-apply',
          operation: 'Update',
          apiVersion: 'apps/v1',
          time: T0,
          fieldsType: 'FieldsV1',
        },
      ],
    )
    assert.ok(owns(obj, 'kubectl-client-side-apply', REPLICAS))
    assert.ok(owns(obj, 'kubectl-client-side-apply', ['f:metadata', 'f:labels', 'f:app']))
    assert.equal(
      owns(obj, 'kubectl-client-side-apply', ['f:metadata', 'f:name']),
      false,
      'server metadata not owned',
    )
  })

  void test('a change moves ownership; untouched fields stay; input not mutated', () => {
    const old = createdByClientSideApply()
    const updated = structuredClone(old)
    updated.spec.replicas = 4
    const snapshot = structuredClone(updated)
    const out = updateManagedFields(old, updated, {
      manager: 'kubectl-edit',
      apiVersion: 'apps/v1',
      meta: META,
      now: T1,
    })
    assert.deepEqual(updated, snapshot)
    assert.ok(owns(out, 'kubectl-edit', REPLICAS))
    assert.equal(owns(out, 'kubectl-client-side-apply', REPLICAS), false)
    assert.ok(owns(out, 'kubectl-client-side-apply', ['f:metadata', 'f:labels', 'f:app']))
    assert.equal(entryOf(out, 'kubectl-edit')?.time, '2024-05-01T11:00:00Z')
    assert.equal(entryOf(out, 'kubectl-client-side-apply')?.time, T0)
  })

  void test('removed fields leave every set; an emptied entry disappears', () => {
    const old = createdByClientSideApply()
    const labelled = updateManagedFields(
      old,
      { ...structuredClone(old), metadata: { ...old.metadata, labels: { app: 'd2', x: '1' } } },
      {
        manager: 'kubectl-label',
        apiVersion: 'apps/v1',
        meta: META,
        now: T1,
      },
    )
    assert.ok(owns(labelled, 'kubectl-label', ['f:metadata', 'f:labels', 'f:x']))
    const unlabelled = structuredClone(labelled)
    delete unlabelled.metadata.labels.x
    const out = updateManagedFields(labelled, unlabelled, {
      manager: 'kubectl-edit',
      apiVersion: 'apps/v1',
      meta: META,
      now: T1,
    })
    assert.equal(entryOf(out, 'kubectl-label'), undefined)
    assert.equal(entryOf(out, 'kubectl-edit'), undefined, 'a pure removal gives the editor nothing')
  })

  void test('no change, no new entry', () => {
    const old = createdByClientSideApply()
    const out = updateManagedFields(old, structuredClone(old), {
      manager: 'other',
      apiVersion: 'apps/v1',
      meta: META,
      now: T1,
    })
    assert.deepEqual(entries(out), entries(old))
  })

  void test('status subresource writes only status', () => {
    const old = { ...createdByClientSideApply(), status: { replicas: 0 } }
    const updated = structuredClone(old)
    updated.status.replicas = 1
    updated.spec.replicas = 9
    const out = updateManagedFields(old, updated, {
      manager: 'ctrl',
      apiVersion: 'apps/v1',
      meta: META,
      now: T1,
      subresource: 'status',
    })
    const e = entryOf(out, 'ctrl')!
    assert.equal(e.subresource, 'status')
    assert.deepEqual(e.fieldsV1, { 'f:status': { 'f:replicas': {} } })
  })
})

void describe('serverSideApply', () => {
  const opts = (over: Partial<Parameters<typeof serverSideApply>[2]> = {}) => ({
    manager: 'kubectl',
    force: false,
    apiVersion: 'apps/v1',
    meta: META,
    now: T1,
    gr: GR,
    name: 'd2',
    ...over,
  })

  void test('changed replicas after client-side apply conflicts (exact message)', () => {
    const live = createdByClientSideApply()
    const e = conflict(() => serverSideApply(live, manifest(2), opts()))
    assert.equal(e.code, 409)
    assert.equal(e.reason, 'Conflict')
    assert.equal(
      e.message,
      'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
    )
    assert.deepEqual(e.status.details, {
      name: 'd2',
      group: 'apps',
      kind: 'deployments',
      causes: [
        {
          reason: 'FieldManagerConflict',
          message: 'conflict with "kubectl-client-side-apply" using apps/v1',
          field: '.spec.replicas',
        },
      ],
    })
  })

  void test('several conflicts are listed per manager', () => {
    const live = createdByClientSideApply()
    const applied = manifest(2)
    applied.spec.template.spec.containers[0].image = 'nginx:1.26'
    const e = conflict(() => serverSideApply(live, applied, opts()))
    assert.equal(
      e.message,
      'Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:\n' +
        '- .spec.replicas\n' +
        '- .spec.template.spec.containers[name="web"].image',
    )
    assert.equal(e.status.details?.causes?.length, 2)
  })

  void test('same values: no conflict, shared ownership', () => {
    const live = createdByClientSideApply()
    const { object } = serverSideApply(live, manifest(1), opts())
    assert.ok(owns(object, 'kubectl', REPLICAS))
    assert.ok(owns(object, 'kubectl-client-side-apply', REPLICAS))
    assert.equal(entryOf(object, 'kubectl')?.operation, 'Apply')
    assert.equal(entryOf(object, 'kubectl')?.time, '2024-05-01T11:00:00Z')
    assert.deepEqual(
      entries(object).map((x) => x.manager),
      ['kubectl', 'kubectl-client-side-apply'],
      'Apply entries sort first',
    )
  })

  void test('force moves ownership and applies the value', () => {
    const live = createdByClientSideApply()
    const { object } = serverSideApply(live, manifest(2), opts({ force: true }))
    assert.equal(object.spec.replicas, 2)
    assert.ok(owns(object, 'kubectl', REPLICAS))
    assert.equal(owns(object, 'kubectl-client-side-apply', REPLICAS), false)
    assert.equal(object.metadata.uid, 'u1', 'live metadata kept')
  })

  void test('a field the manager stops applying is removed unless shared', () => {
    const live = createdByClientSideApply()
    const first = serverSideApply(live, manifest(1, { app: 'd2', extra: 'x' }), opts()).object
    assert.equal(first.metadata.labels.extra, 'x')
    // `app` is shared with the client-side applier, `extra` is kubectl's alone.
    const second = serverSideApply(
      first,
      { ...manifest(1), metadata: { name: 'd2', namespace: 'default' } },
      opts(),
    ).object
    assert.deepEqual(second.metadata.labels, { app: 'd2' })
    assert.equal(owns(second, 'kubectl', ['f:metadata', 'f:labels', 'f:extra']), false)
  })

  void test('removing a whole list item and emptied maps', () => {
    const created = serverSideApply(undefined, manifest(1, { only: 'me' }), opts()).object
    const applied = manifest(1, {})
    delete (applied.metadata as any).labels
    applied.spec.template.spec.containers = []
    const out = serverSideApply(created, applied, opts()).object
    assert.deepEqual(out.spec.template.spec.containers, [])
    assert.equal(out.metadata.labels, undefined, 'emptied labels map pruned')
  })

  void test('merge keys: applied element merges into the live element', () => {
    const live = serverSideApply(undefined, manifest(1), opts({ manager: 'a' })).object
    live.spec.template.spec.containers[0].imagePullPolicy = 'IfNotPresent'
    const applied = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd2' },
      spec: { template: { spec: { containers: [{ name: 'web', env: [{ name: 'B', value: '2' }] }] } } },
    }
    const out = serverSideApply(live, applied, opts({ manager: 'b' })).object
    assert.deepEqual(out.spec.template.spec.containers, [
      {
        name: 'web',
        image: 'nginx:1.25',
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
        imagePullPolicy: 'IfNotPresent',
      },
    ])
  })

  void test('create (no live object) owns the applied fields', () => {
    const { object } = serverSideApply(undefined, manifest(3), opts())
    assert.equal(object.spec.replicas, 3)
    assert.equal(object.metadata.name, 'd2')
    assert.deepEqual(
      entries(object).map((x) => [x.manager, x.operation]),
      [['kubectl', 'Apply']],
    )
    assert.ok(owns(object, 'kubectl', ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"web"}']))
  })

  void test('conflict with an Apply manager omits the API version', () => {
    const live = serverSideApply(undefined, manifest(1), opts({ manager: 'other' })).object
    const e = conflict(() => serverSideApply(live, manifest(5), opts()))
    assert.equal(e.message, 'Apply failed with 1 conflict: conflict with "other": .spec.replicas')
  })

  void test('ignored fields are neither merged nor owned', () => {
    const live = { ...createdByClientSideApply(), status: { replicas: 1 } }
    const { object } = serverSideApply(
      live,
      { ...manifest(1), status: { replicas: 9 } },
      opts({ ignoredFields: ['status'] }),
    )
    assert.deepEqual(object.status, { replicas: 1 })
    assert.equal(owns(object, 'kubectl', ['f:status', 'f:replicas']), false)
  })

  void test('input objects are not mutated', () => {
    const live = createdByClientSideApply()
    const applied = manifest(2)
    const [l, a] = [structuredClone(live), structuredClone(applied)]
    serverSideApply(live, applied, opts({ force: true }))
    assert.deepEqual(live, l)
    assert.deepEqual(applied, a)
  })
})

void describe('managedFieldsTime', () => {
  void test('second precision', () => {
    assert.equal(managedFieldsTime('2024-05-01T10:00:00.999Z'), '2024-05-01T10:00:00Z')
    assert.equal(managedFieldsTime(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 600))), '2024-01-02T03:04:05Z')
  })
})
