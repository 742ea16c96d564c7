import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { isApiError } from '../../apimachinery/errors.js'
import { SYSTEM_USER } from '../../apimachinery/user.js'
import { defaultPod } from '../../apis/core/v1/pod-defaults.js'
import { podStrategy } from '../../apis/core/v1/pods.js'
import type { AdmissionAttributes } from '../interfaces.js'
import { injectedSpec, serviceAccountInjector } from './serviceaccount-injector.js'

type Objects = Record<string, any>

const reader = (objects: Objects) => ({
  get: (g: string, r: string, ns: string, n: string) => objects[`${g}/${r}/${ns}/${n}`],
})

function attrs(pod: any, objects: Objects, extra: Partial<AdmissionAttributes> = {}): AdmissionAttributes {
  return {
    operation: 'CREATE',
    info: podStrategy.info,
    namespace: 'default',
    name: pod.metadata?.name ?? '',
    subresource: '',
    object: pod,
    user: SYSTEM_USER,
    dryRun: false,
    reader: reader(objects),
    ...extra,
  }
}

const sa = (secrets: any[]) => ({ metadata: { name: 'sample', namespace: 'default' }, secrets })
const WITH_SA: Objects = {
  'kubesphere.io/serviceaccounts/default/sample': sa([
    { name: 'sample-abcde', namespace: 'default' },
    { name: 'second' },
  ]),
  '/secrets/default/sample-abcde': { metadata: { name: 'sample-abcde' } },
}

const newPod = (annotation?: string): any => ({
  metadata: {
    name: 'p',
    namespace: 'default',
    ...(annotation === undefined ? {} : { annotations: { 'kubesphere.io/serviceaccount-name': annotation } }),
  },
  spec: {
    initContainers: [{ name: 'init', image: 'busybox' }],
    containers: [
      { name: 'a', image: 'nginx', volumeMounts: [{ name: 'data', mountPath: '/data' }] },
      { name: 'b', image: 'nginx' },
    ],
    ephemeralContainers: [{ name: 'debug', image: 'busybox' }],
    volumes: [{ name: 'data', emptyDir: {} }],
  },
})

const MOUNT = {
  name: 'kubesphere-service-account',
  mountPath: '/var/run/secrets/kubesphere.io/serviceaccount',
  readOnly: true,
}

describe('service account pod injector', () => {
  const plugin = serviceAccountInjector({ redefault: defaultPod })

  test('injects the projected volume (first secret only) and a read-only mount in every container and init container', async () => {
    const pod = newPod('sample')
    await plugin.admit!(attrs(pod, WITH_SA))
    assert.deepEqual(pod.spec.volumes, [
      { name: 'data', emptyDir: {} },
      {
        name: 'kubesphere-service-account',
        projected: {
          defaultMode: 420,
          sources: [{ secret: { name: 'sample-abcde', items: [{ key: 'token', path: 'token' }] } }],
        },
      },
    ])
    assert.deepEqual(pod.spec.containers[0].volumeMounts, [{ name: 'data', mountPath: '/data' }, MOUNT])
    assert.deepEqual(pod.spec.containers[1].volumeMounts, [MOUNT])
    assert.deepEqual(pod.spec.initContainers[0].volumeMounts, [MOUNT])
    assert.equal(
      pod.spec.ephemeralContainers[0].volumeMounts,
      undefined,
      'ephemeral containers are not touched',
    )
  })

  test('without redefault the injector itself sets no defaultMode', () => {
    const spec = injectedSpec({ containers: [{ name: 'c' }] }, [{ secret: { name: 's' } }])
    assert.deepEqual(spec.volumes, [
      { name: 'kubesphere-service-account', projected: { sources: [{ secret: { name: 's' } }] } },
    ])
  })

  const unchanged: [string, any, Partial<AdmissionAttributes>][] = [
    ['no annotations', newPod(), {}],
    ['empty annotation', newPod(''), {}],
    ['not a pod', newPod('sample'), { info: { ...podStrategy.info, resource: 'configmaps' } }],
    ['a subresource', newPod('sample'), { subresource: 'status' }],
  ]
  for (const [name, pod, extra] of unchanged) {
    test(`admits unchanged: ${name}`, async () => {
      const before = structuredClone(pod)
      await plugin.admit!(attrs(pod, WITH_SA, extra))
      assert.deepEqual(pod, before)
    })
  }

  test('handles only CREATE', () => {
    assert.deepEqual(
      (['CREATE', 'UPDATE', 'DELETE'] as const).map((op) => plugin.handles(op)),
      [true, false, false],
    )
  })

  const denials: [string, Objects, number, string][] = [
    ['the ServiceAccount is missing', {}, 404, 'ServiceAccount.kubesphere.io "sample" not found'],
    [
      'the ServiceAccount has no secret yet',
      { 'kubesphere.io/serviceaccounts/default/sample': sa([]) },
      500,
      'can not find any token in service account: sample',
    ],
    [
      'its first secret is missing',
      { 'kubesphere.io/serviceaccounts/default/sample': sa([{ name: 'gone' }]) },
      404,
      'Secret "gone" not found',
    ],
  ]
  for (const [name, objects, code, text] of denials) {
    test(`denies when ${name}`, async () => {
      const pod = newPod('sample')
      const before = structuredClone(pod)
      await assert.rejects(plugin.admit!(attrs(pod, objects)) as Promise<void>, (err) => {
        assert.ok(isApiError(err))
        assert.deepEqual(err.status, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `admission webhook "serviceaccount-pod-injector.kubesphere.io" denied the request: ${text}`,
          code,
        })
        return true
      })
      assert.deepEqual(pod, before, 'nothing was changed')
    })
  }

  test('only the request namespace is looked in', async () => {
    const elsewhere = {
      'kubesphere.io/serviceaccounts/other/sample': sa([{ name: 'x' }]),
      '/secrets/other/x': {},
    }
    await assert.rejects(
      plugin.admit!(attrs(newPod('sample'), elsewhere)) as Promise<void>,
      { code: 404 } as object,
    )
  })

  test('an internal failure admits the pod unchanged (failurePolicy Ignore)', async () => {
    const broken = {
      get: () => {
        throw new TypeError('boom')
      },
    }
    const pod = newPod('sample')
    const before = structuredClone(pod)
    await plugin.admit!(attrs(pod, {}, { reader: broken }))
    assert.deepEqual(pod, before)
  })
})

describe('service account pod injector in TLS mode', () => {
  const CA_SECRET = { '/secrets/kubesphere-system/ks-apiserver-tls-certs': { data: { 'ca.crt': 'Q0E=' } } }

  test('projects the CA ConfigMap too, creating it from ks-apiserver-tls-certs', async () => {
    const created: [string, any][] = []
    const plugin = serviceAccountInjector({
      tls: { createConfigMap: async (ns, body) => void created.push([ns, body]) },
    })
    const pod = newPod('sample')
    await plugin.admit!(attrs(pod, { ...WITH_SA, ...CA_SECRET }))
    assert.deepEqual(pod.spec.volumes[1].projected.sources[1], {
      configMap: { name: 'kubesphere-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] },
    })
    assert.deepEqual(created, [
      [
        'default',
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'kubesphere-root-ca.crt', namespace: 'default' },
          binaryData: { 'ca.crt': 'Q0E=' },
        },
      ],
    ])
  })

  test('an existing ConfigMap is used as is; a dry run creates nothing', async () => {
    const created: unknown[] = []
    const plugin = serviceAccountInjector({
      tls: { createConfigMap: async (_ns, body) => void created.push(body) },
    })
    await plugin.admit!(
      attrs(newPod('sample'), { ...WITH_SA, ...CA_SECRET, '/configmaps/default/kubesphere-root-ca.crt': {} }),
    )
    await plugin.admit!(attrs(newPod('sample'), { ...WITH_SA, ...CA_SECRET }, { dryRun: true }))
    assert.deepEqual(created, [])
  })

  test('a missing CA source secret denies with 404', async () => {
    const plugin = serviceAccountInjector({ tls: { createConfigMap: async () => {} } })
    await assert.rejects(plugin.admit!(attrs(newPod('sample'), WITH_SA)) as Promise<void>, {
      message:
        'admission webhook "serviceaccount-pod-injector.kubesphere.io" denied the request: Secret "ks-apiserver-tls-certs" not found',
    })
  })
})
