import assert from 'node:assert/strict'
import { test } from 'node:test'
import { patchMetaFromSchema } from '../../apimachinery/patch/patch-meta.js'
import { applyStrategicMergePatch } from '../../apimachinery/patch/strategic-merge-patch.js'
import { resolveRef, schemaForKind } from './schemas.js'

// Contract with the patch code: the generated schemas are its only source of merge keys.

void test('the generated Deployment schema drives strategic merge patch by merge keys', () => {
  const meta = patchMetaFromSchema(schemaForKind('apps', 'v1', 'Deployment')!.schema, resolveRef)
  const live = {
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.25',
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: 'b' },
              ],
            },
            { name: 'side', image: 'busybox' },
          ],
        },
      },
    },
  }
  // kubectl's patch for a changed image and env value (kube-api.md §2.1).
  const patch = {
    spec: {
      template: {
        spec: {
          '$setElementOrder/containers': [{ name: 'web' }, { name: 'side' }],
          containers: [
            {
              '$setElementOrder/env': [{ name: 'A' }, { name: 'B' }],
              env: [{ name: 'A', value: '2' }],
              image: 'nginx:1.26',
              name: 'web',
            },
          ],
        },
      },
    },
  }
  assert.deepEqual(applyStrategicMergePatch(live, patch, meta), {
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.26',
              env: [
                { name: 'A', value: '2' },
                { name: 'B', value: 'b' },
              ],
            },
            { name: 'side', image: 'busybox' },
          ],
        },
      },
    },
  })
})
