import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { decodeProtobufObject } from './decode.js'
import { body, entry, envelope, msg, num, raw, str, strEntry } from './testing/wire.js'

// Hand-encoded objects. Field numbers are literals from k8s.io/api and k8s.io/apimachinery
// generated.proto (v0.36), noted beside each field.

const decode = (apiVersion: string, kind: string, ...parts: Uint8Array[]) =>
  decodeProtobufObject(envelope(apiVersion, kind, body(...parts))).object

void describe('Pod with a full PodSpec', () => {
  const container = msg(
    2, // PodSpec.containers
    str(1, 'app'), // name
    str(2, 'nginx:1.27'), // image
    str(4, '--port=8080'), // args
    msg(6, str(1, 'http'), num(2, 0), num(3, 8080), str(4, 'TCP'), str(5, '')), // ports: ContainerPort
    msg(6, num(3, 53), str(4, 'UDP')), // ports
    msg(7, str(1, 'MODE'), str(2, 'prod')), // env: EnvVar{name, value}
    msg(
      7,
      str(1, 'PASSWORD'),
      str(2, ''),
      // valueFrom: EnvVarSource.secretKeyRef(4) = {localObjectReference(1){name}, key(2), optional(3)}
      msg(3, msg(4, msg(1, str(1, 'db')), str(2, 'password'), num(3, false))),
    ),
    msg(7, str(1, 'POD'), msg(3, msg(1, str(1, 'v1'), str(2, 'metadata.name')))), // valueFrom.fieldRef
    msg(
      8, // resources: ResourceRequirements{limits(1), requests(2)} of Quantity
      entry(1, 'cpu', msg(2, str(1, '500m'))),
      entry(1, 'memory', msg(2, str(1, '128Mi'))),
      entry(2, 'cpu', msg(2, str(1, '250m'))),
    ),
    msg(9, str(1, 'data'), num(2, true), str(3, '/data')), // volumeMounts
    // livenessProbe: Probe{handler(1): ProbeHandler{httpGet(2): {path, port(IntOrString)}}, initialDelaySeconds(2)}
    msg(10, msg(1, msg(2, str(1, '/healthz'), msg(2, num(1, 1), str(3, 'http')))), num(2, 5), num(3, 0)),
    // readinessProbe: tcpSocket(3){port(1)=8080}
    msg(11, msg(1, msg(3, msg(1, num(1, 0), num(2, 8080)))), num(4, 10)),
    str(13, ''), // terminationMessagePath left empty
    str(14, 'IfNotPresent'), // imagePullPolicy
    // securityContext: capabilities(1){drop(2)}, privileged(2)=false, runAsUser(4)=0, runAsNonRoot(5)=false
    msg(15, msg(1, str(2, 'ALL')), num(2, false), num(4, 0), num(5, false)),
    num(16, false), // stdin (plain bool, omitempty)
  )
  const spec = msg(
    2, // Pod.spec
    // volumes: Volume{name(1), volumeSource(2): VolumeSource.configMap(19){localObjectReference(1), items(2), defaultMode(3)}}
    msg(
      1,
      str(1, 'data'),
      msg(2, msg(19, msg(1, str(1, 'settings')), msg(2, str(1, 'k'), str(2, 'k.txt')), num(3, 0o644))),
    ),
    msg(1, str(1, 'scratch'), msg(2, msg(2, str(1, 'Memory'), msg(2, str(1, '64Mi'))))), // emptyDir{medium, sizeLimit}
    container,
    str(3, 'Always'), // restartPolicy
    num(4, 30), // terminationGracePeriodSeconds
    strEntry(7, 'disk', 'ssd'), // nodeSelector
    str(8, 'runner'), // serviceAccountName
    num(21, false), // automountServiceAccountToken (pointer: false is kept)
    num(11, false), // hostNetwork (plain bool: false is dropped)
    msg(14, num(2, 0), num(4, 1000), num(4, 0), num(5, 2000)), // securityContext{runAsUser, supplementalGroups x2, fsGroup}
    // affinity.nodeAffinity.requiredDuringScheduling...(1).nodeSelectorTerms(1).matchExpressions(1)
    msg(18, msg(1, msg(1, msg(1, msg(1, str(1, 'zone'), str(2, 'In'), str(3, 'a'), str(3, 'b')))))),
    msg(22, str(1, 'dedicated'), str(2, 'Equal'), str(3, 'gpu'), str(4, 'NoSchedule')), // tolerations
    msg(22, str(2, 'Exists'), str(4, 'NoExecute'), num(5, 300)), // tolerationSeconds
    num(25, 0), // priority (pointer int32: 0 is kept)
  )

  void test('every nested field lands under its JSON name', () => {
    const pod = decode('v1', 'Pod', msg(1, str(1, 'web'), str(3, 'default')), spec, msg(3))
    assert.deepEqual(pod, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        volumes: [
          {
            name: 'data',
            configMap: { name: 'settings', items: [{ key: 'k', path: 'k.txt' }], defaultMode: 0o644 },
          },
          { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
        ],
        containers: [
          {
            name: 'app',
            image: 'nginx:1.27',
            args: ['--port=8080'],
            ports: [
              { name: 'http', containerPort: 8080, protocol: 'TCP' },
              { containerPort: 53, protocol: 'UDP' },
            ],
            env: [
              { name: 'MODE', value: 'prod' },
              {
                name: 'PASSWORD',
                valueFrom: { secretKeyRef: { name: 'db', key: 'password', optional: false } },
              },
              { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
            ],
            resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '250m' } },
            volumeMounts: [{ name: 'data', readOnly: true, mountPath: '/data' }],
            livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: 5 },
            readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 10 },
            imagePullPolicy: 'IfNotPresent',
            securityContext: {
              capabilities: { drop: ['ALL'] },
              privileged: false,
              runAsUser: 0,
              runAsNonRoot: false,
            },
          },
        ],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        nodeSelector: { disk: 'ssd' },
        serviceAccountName: 'runner',
        automountServiceAccountToken: false,
        securityContext: { runAsUser: 0, supplementalGroups: [1000, 0], fsGroup: 2000 },
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] },
              ],
            },
          },
        },
        tolerations: [
          { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
          { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ],
        priority: 0,
      },
      status: {},
    })
  })

  void test('packed repeated int64 (supplementalGroups) decodes like the unpacked form', () => {
    const packed = Buffer.from([0x22, 0x03, 0xe8, 0x07, 0x00]) // field 4, length 3: 1000, 0
    const pod = decode('v1', 'Pod', msg(2, msg(14, packed)))
    assert.deepEqual(pod.spec.securityContext, { supplementalGroups: [1000, 0] })
  })
})

void describe('ObjectMeta', () => {
  void test('owner references, finalizers, managed fields, timestamps and pointer zeros', () => {
    const meta = msg(
      1,
      str(1, 'cm'), // name
      str(2, ''), // generateName (empty: dropped)
      str(5, '1f4c1f5e-0000-4000-8000-000000000001'), // uid
      num(7, 0), // generation (plain int64: 0 dropped)
      msg(8), // creationTimestamp: zero Time -> null
      msg(9, num(1, 1714557600)), // deletionTimestamp
      num(10, 0), // deletionGracePeriodSeconds (pointer: 0 kept)
      strEntry(11, 'b', '2'), // labels (written unsorted)
      strEntry(11, 'a', '1'),
      strEntry(12, 'note', ''), // annotations: empty values are kept
      // ownerReferences: kind(1), name(3), uid(4), apiVersion(5), controller(6), blockOwnerDeletion(7)
      msg(
        13,
        str(1, 'ReplicaSet'),
        str(3, 'rs'),
        str(4, 'u-1'),
        str(5, 'apps/v1'),
        num(6, true),
        num(7, false),
      ),
      str(14, 'example.com/cleanup'), // finalizers
      // managedFields: manager(1), operation(2), apiVersion(3), time(4), fieldsType(6), fieldsV1(7)
      msg(
        17,
        str(1, 'kubectl'),
        str(2, 'Update'),
        str(3, 'v1'),
        msg(4, num(1, 0)),
        str(6, 'FieldsV1'),
        msg(7, raw(1, Buffer.from('{"f:data":{}}'))),
      ),
    )
    const object = decode('v1', 'ConfigMap', meta)
    assert.deepEqual(object.metadata, {
      name: 'cm',
      uid: '1f4c1f5e-0000-4000-8000-000000000001',
      creationTimestamp: null,
      deletionTimestamp: '2024-05-01T10:00:00Z',
      deletionGracePeriodSeconds: 0,
      labels: { a: '1', b: '2' },
      annotations: { note: '' },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'rs',
          uid: 'u-1',
          controller: true,
          blockOwnerDeletion: false,
        },
      ],
      finalizers: ['example.com/cleanup'],
      managedFields: [
        {
          manager: 'kubectl',
          operation: 'Update',
          apiVersion: 'v1',
          time: '1970-01-01T00:00:00Z',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:data': {} },
        },
      ],
    })
    assert.deepEqual(
      Object.keys(object.metadata.labels),
      ['a', 'b'],
      'map keys are sorted like Go prints them',
    )
  })
})

void describe('bytes', () => {
  void test('Secret data values are base64, stringData stays text, immutable false is kept', () => {
    const secret = decode(
      'v1',
      'Secret',
      msg(1, str(1, 's')),
      num(5, false), // immutable (pointer)
      entry(2, 'bin', raw(2, Buffer.from([0x00, 0xff, 0x10]))), // data: map<string, bytes>
      entry(2, 'empty', raw(2, new Uint8Array())),
      strEntry(4, 'plain', 'text'), // stringData
      str(3, 'Opaque'), // type
    )
    assert.deepEqual(secret, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      immutable: false,
      data: { bin: 'AP8Q', empty: '' },
      stringData: { plain: 'text' },
      type: 'Opaque',
    })
  })

  void test('ConfigMap binaryData values are base64 next to plain data', () => {
    const cm = decode(
      'v1',
      'ConfigMap',
      strEntry(2, 'a', 'b'),
      entry(3, 'logo', raw(2, Buffer.from('PNG\r\n'))),
    )
    assert.deepEqual(cm, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      data: { a: 'b' },
      binaryData: { logo: 'UE5HDQo=' },
    })
  })
})

void describe('map entries without a value stand for the zero value', () => {
  const cases: {
    name: string
    apiVersion: string
    kind: string
    parts: Uint8Array[]
    path: string[]
    expected: unknown
  }[] = [
    // ConfigMap.data (2), Secret.data (2), ResourceQuota.spec(2).hard(1), TokenReview.status(3).user(2).extra(4)
    {
      name: 'string',
      apiVersion: 'v1',
      kind: 'ConfigMap',
      parts: [msg(2, str(1, 'k'))],
      path: ['data'],
      expected: { k: '' },
    },
    {
      name: 'bytes',
      apiVersion: 'v1',
      kind: 'Secret',
      parts: [msg(2, str(1, 'k'))],
      path: ['data'],
      expected: { k: '' },
    },
    {
      name: 'Quantity',
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      parts: [msg(2, msg(1, str(1, 'cpu')))],
      path: ['spec', 'hard'],
      expected: { cpu: '0' },
    },
    {
      name: 'ExtraValue',
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenReview',
      parts: [msg(3, msg(2, msg(4, str(1, 'k'))))],
      path: ['status', 'user', 'extra'],
      expected: { k: [] },
    },
  ]
  for (const c of cases) {
    void test(c.name, () => {
      const object = decode(c.apiVersion, c.kind, ...c.parts)
      assert.deepEqual(
        c.path.reduce((o: any, k) => o[k], object),
        c.expected,
      )
    })
  }
})

void describe('other kinds', () => {
  void test('Deployment rolling update with IntOrString percent and int', () => {
    // DeploymentSpec.strategy(4) = {type(1), rollingUpdate(2){maxUnavailable(1), maxSurge(2)}}
    const d = decode(
      'apps/v1',
      'Deployment',
      msg(
        2,
        num(1, 0),
        msg(
          4,
          str(1, 'RollingUpdate'),
          msg(2, msg(1, num(1, 1), str(3, '25%')), msg(2, num(1, 0), num(2, 1))),
        ),
        num(7, false),
      ),
    )
    assert.deepEqual(d.spec, {
      replicas: 0,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 1 } },
    })
  })

  void test('SubjectAccessReview extra values (ExtraValue wrapper) become arrays', () => {
    // spec(2): resourceAttributes(1){verb(2), resource(5)}, user(3), groups(4), extra(5) map<string, ExtraValue{items=1}>
    const sar = decode(
      'authorization.k8s.io/v1',
      'SubjectAccessReview',
      msg(
        2,
        msg(1, str(2, 'get'), str(5, 'pods')),
        str(3, 'alice'),
        str(4, 'dev'),
        entry(5, 'scopes', msg(2, str(1, 'a'), str(1, 'b'))),
        entry(5, 'none', msg(2)),
      ),
    )
    assert.deepEqual(sar.spec, {
      resourceAttributes: { verb: 'get', resource: 'pods' },
      user: 'alice',
      groups: ['dev'],
      extra: { none: [], scopes: ['a', 'b'] },
    })
  })

  void test('TokenReview status with user info', () => {
    // spec(2){token(1)}, status(3){authenticated(1), user(2){username(1), uid(2), groups(3)}}
    const tr = decode(
      'authentication.k8s.io/v1',
      'TokenReview',
      msg(2, str(1, 'abc')),
      msg(3, num(1, true), msg(2, str(1, 'bob'), str(2, ''), str(3, 'system:authenticated'))),
    )
    assert.deepEqual(tr.spec, { token: 'abc' })
    assert.deepEqual(tr.status, {
      authenticated: true,
      user: { username: 'bob', groups: ['system:authenticated'] },
    })
  })

  void test('int64 beyond 32 bits', () => {
    // TokenRequest spec(2){expirationSeconds(4)}
    const tr = decode('authentication.k8s.io/v1', 'TokenRequest', msg(2, num(4, 10_000_000_000)))
    assert.equal(tr.spec.expirationSeconds, 10_000_000_000)
  })
})
