import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { defaultPod, defaultPodTemplateSpec, defaultPullPolicy } from './pod-defaults.js'

void describe('defaultPullPolicy', () => {
  const cases: [string, unknown, string][] = [
    ['no tag means latest', 'nginx', 'Always'],
    ['explicit latest', 'nginx:latest', 'Always'],
    ['pinned tag', 'nginx:1.27', 'IfNotPresent'],
    ['registry with port, no tag', 'localhost:5000/app', 'Always'],
    ['registry with port and tag', 'localhost:5000/app:v1', 'IfNotPresent'],
    ['digest only', 'nginx@sha256:0123456789abcdef', 'IfNotPresent'],
    ['tag and digest', 'nginx:1.27@sha256:0123456789abcdef', 'IfNotPresent'],
    ['unparsable (upper case) keeps IfNotPresent', 'Nginx', 'IfNotPresent'],
    ['empty image', '', 'IfNotPresent'],
  ]
  for (const [name, image, want] of cases) void test(name, () => assert.equal(defaultPullPolicy(image), want))
})

void describe('defaultPod', () => {
  void test('fills pod, container and admission defaults', () => {
    const pod: any = {
      metadata: { name: 'web' },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx',
            ports: [{ containerPort: 80 }],
            resources: { limits: { cpu: '1', memory: '1Gi' } },
            livenessProbe: { httpGet: { port: 80 } },
            env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
          },
        ],
        volumes: [{ name: 'scratch' }, { name: 'cfg', configMap: { name: 'c' } }],
      },
    }
    defaultPod(pod)
    const spec = pod.spec
    assert.equal(spec.restartPolicy, 'Always')
    assert.equal(spec.dnsPolicy, 'ClusterFirst')
    assert.equal(spec.schedulerName, 'default-scheduler')
    assert.equal(spec.terminationGracePeriodSeconds, 30)
    assert.deepEqual(spec.securityContext, {})
    assert.equal(spec.enableServiceLinks, true)
    assert.equal(spec.serviceAccountName, 'default')
    assert.equal(spec.serviceAccount, 'default')
    assert.equal(spec.priority, 0)
    assert.equal(spec.preemptionPolicy, 'PreemptLowerPriority')
    assert.deepEqual(spec.tolerations, [
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ])
    const c = spec.containers[0]
    assert.equal(c.imagePullPolicy, 'Always')
    assert.equal(c.terminationMessagePath, '/dev/termination-log')
    assert.equal(c.terminationMessagePolicy, 'File')
    assert.deepEqual(c.ports, [{ containerPort: 80, protocol: 'TCP' }])
    assert.deepEqual(c.resources.requests, { cpu: '1', memory: '1Gi' })
    assert.deepEqual(c.livenessProbe, {
      httpGet: { port: 80, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    })
    assert.equal(c.env[0].valueFrom.fieldRef.apiVersion, 'v1')
    assert.deepEqual(spec.volumes, [
      { name: 'scratch', emptyDir: {} },
      { name: 'cfg', configMap: { name: 'c', defaultMode: 420 } },
    ])
  })

  void test('is idempotent', () => {
    const pod: any = { spec: { containers: [{ name: 'a', image: 'busybox:1' }], hostNetwork: true } }
    pod.spec.containers[0].ports = [{ containerPort: 8080 }]
    defaultPod(pod)
    const once = structuredClone(pod)
    defaultPod(pod)
    assert.deepEqual(pod, once)
    assert.equal(pod.spec.containers[0].ports[0].hostPort, 8080)
  })

  void test('keeps a toleration that already covers the default taints', () => {
    const pod: any = { spec: { containers: [], tolerations: [{ operator: 'Exists' }] } }
    defaultPod(pod)
    assert.deepEqual(pod.spec.tolerations, [{ operator: 'Exists' }])
  })

  void test('serviceAccount alias fills serviceAccountName', () => {
    const pod: any = { spec: { containers: [], serviceAccount: 'robot' } }
    defaultPod(pod)
    assert.equal(pod.spec.serviceAccountName, 'robot')
  })
})

void describe('defaultPodTemplateSpec', () => {
  void test('templates get spec defaults but no pod-only defaults', () => {
    const t: any = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'x', image: 'x:1', resources: { limits: { cpu: '1' } } }] } }
    defaultPodTemplateSpec(t)
    assert.equal(t.metadata.creationTimestamp, null)
    assert.equal(t.spec.restartPolicy, 'Always')
    assert.equal(t.spec.serviceAccountName, undefined)
    assert.equal(t.spec.enableServiceLinks, undefined)
    assert.equal(t.spec.tolerations, undefined)
    assert.equal(t.spec.containers[0].resources.requests, undefined)
    const once = structuredClone(t)
    defaultPodTemplateSpec(t)
    assert.deepEqual(t, once)
  })
})
