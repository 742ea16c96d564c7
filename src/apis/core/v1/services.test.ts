import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { fieldErrorString } from '../../../apimachinery/errors.js'
import { serviceExternalIP, servicePorts, serviceStrategy } from './services.js'
import { NODE_PORT_MAX, NODE_PORT_MIN, pseudoClusterIP } from './service-addresses.js'

function created(spec: any, name = 'web'): any {
  const svc: any = { metadata: { name, namespace: 'default', uid: `uid-${name}` }, spec }
  serviceStrategy.prepareForCreate!(svc)
  serviceStrategy.defaults!(svc)
  return svc
}

const errors = (svc: any) => serviceStrategy.validate!(svc).map(fieldErrorString)

void describe('serviceStrategy defaults and create', () => {
  void test('ClusterIP service gets upstream defaults and a stable cluster IP', () => {
    const svc = created({ selector: { app: 'web' }, ports: [{ port: 80 }] })
    const spec = svc.spec
    assert.equal(spec.type, 'ClusterIP')
    assert.equal(spec.sessionAffinity, 'None')
    assert.deepEqual(spec.ports, [{ port: 80, protocol: 'TCP', targetPort: 80 }])
    assert.equal(spec.internalTrafficPolicy, 'Cluster')
    assert.equal(spec.externalTrafficPolicy, undefined)
    assert.equal(spec.ipFamilyPolicy, 'SingleStack')
    assert.deepEqual(spec.ipFamilies, ['IPv4'])
    assert.match(spec.clusterIP, /^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/)
    assert.deepEqual(spec.clusterIPs, [spec.clusterIP])
    assert.equal(spec.clusterIP, pseudoClusterIP(svc))
    assert.deepEqual(svc.status, { loadBalancer: {} })
    const once = structuredClone(svc)
    serviceStrategy.defaults!(svc)
    assert.deepEqual(svc, once)
    assert.deepEqual(errors(svc), [])
  })

  void test('NodePort service gets node ports in range and an external traffic policy', () => {
    const svc = created({ type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }, { name: 'https', port: 443, nodePort: 30443 }] })
    const [http, https] = svc.spec.ports
    assert.ok(http.nodePort >= NODE_PORT_MIN && http.nodePort <= NODE_PORT_MAX)
    assert.notEqual(http.nodePort, 30443)
    assert.equal(https.nodePort, 30443)
    assert.equal(svc.spec.externalTrafficPolicy, 'Cluster')
    assert.deepEqual(errors(svc), [])
  })

  void test('headless service without selector', () => {
    const svc = created({ clusterIP: 'None' })
    assert.deepEqual(svc.spec.clusterIPs, ['None'])
    assert.equal(svc.spec.ipFamilyPolicy, 'RequireDualStack')
    assert.deepEqual(errors(svc), [])
  })

  void test('ExternalName service gets no addresses', () => {
    const svc = created({ type: 'ExternalName', externalName: 'db.example.com.' })
    assert.equal(svc.spec.clusterIP, undefined)
    assert.equal(svc.spec.ipFamilies, undefined)
    assert.equal(svc.spec.internalTrafficPolicy, undefined)
    assert.deepEqual(errors(svc), [])
  })

  void test('ClientIP affinity gets the default timeout', () => {
    const svc = created({ sessionAffinity: 'ClientIP', ports: [{ port: 80 }] })
    assert.deepEqual(svc.spec.sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } })
  })
})

void describe('serviceStrategy.validate', () => {
  const cases: [string, any, string[]][] = [
    ['ports are required', { selector: { app: 'x' } }, ['spec.ports: Required value']],
    [
      'port out of range',
      { ports: [{ port: 0, targetPort: 8080 }] },
      ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive'],
    ],
    [
      'names required with several ports',
      { ports: [{ port: 80 }, { name: 'b', port: 81 }] },
      ['spec.ports[0].name: Required value'],
    ],
    [
      'duplicate port and protocol',
      { ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] },
      [
        'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
      ],
    ],
    ['unknown type', { type: 'Magic', ports: [{ port: 80 }] }, ['spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']],
    ['nodePort on ClusterIP', { ports: [{ port: 80, nodePort: 30080 }] }, ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]],
    [
      'nodePort outside the range',
      { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] },
      ['spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767'],
    ],
    ['ExternalName needs a name', { type: 'ExternalName' }, ['spec.externalName: Required value']],
    [
      'bad target port name',
      { ports: [{ port: 80, targetPort: 'HTTP' }] },
      [
        'spec.ports[0].targetPort: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'spec.ports[0].targetPort: Invalid value: "HTTP": must contain at least one letter (a-z)',
      ],
    ],
    [
      'protocol',
      { ports: [{ port: 53, protocol: 'ICMP' }] },
      ['spec.ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"'],
    ],
  ]
  for (const [name, spec, want] of cases) void test(name, () => assert.deepEqual(errors(created(spec)), want))
})

void describe('serviceStrategy updates', () => {
  void test('a PUT without clusterIP and nodePorts keeps the allocated ones', () => {
    const old = created({ type: 'NodePort', ports: [{ name: 'http', port: 80 }] })
    const upd: any = { metadata: { ...old.metadata }, spec: { type: 'NodePort', ports: [{ name: 'http', port: 80 }] } }
    serviceStrategy.prepareForUpdate!(upd, old)
    assert.equal(upd.spec.clusterIP, old.spec.clusterIP)
    assert.equal(upd.spec.ports[0].nodePort, old.spec.ports[0].nodePort)
    assert.deepEqual(serviceStrategy.validateUpdate!(upd, old), [])
  })

  void test('switching NodePort to ClusterIP drops untouched node ports and the traffic policy', () => {
    const old = created({ type: 'NodePort', ports: [{ port: 80 }] })
    const upd = structuredClone(old)
    upd.spec.type = 'ClusterIP'
    serviceStrategy.prepareForUpdate!(upd, old)
    assert.equal(upd.spec.ports[0].nodePort, undefined)
    assert.equal(upd.spec.externalTrafficPolicy, undefined)
    assert.deepEqual(errors(upd), [])
  })

  void test('the cluster IP may not change', () => {
    const old = created({ ports: [{ port: 80 }] })
    const upd = structuredClone(old)
    upd.spec.clusterIP = '10.0.0.5'
    upd.spec.clusterIPs = ['10.0.0.5']
    assert.deepEqual(serviceStrategy.validateUpdate!(upd, old).map(fieldErrorString), [
      'spec.clusterIPs[0]: Invalid value: []string{"10.0.0.5"}: may not change once set',
    ])
  })

  void test('status is kept on main-resource writes', () => {
    const old = created({ type: 'LoadBalancer', ports: [{ port: 80 }] })
    old.status = { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } }
    const upd = structuredClone(old)
    upd.status = { loadBalancer: {} }
    serviceStrategy.prepareForUpdate!(upd, old)
    assert.deepEqual(upd.status, { loadBalancer: { ingress: [{ ip: '1.2.3.4', ipMode: 'VIP' }] } })
  })
})

void describe('service table', () => {
  const now = Date.parse('2024-05-01T10:00:00Z')
  void test('ports cell', () => {
    assert.equal(servicePorts({ spec: { ports: [{ port: 80, protocol: 'TCP' }, { port: 443, nodePort: 30443, protocol: 'TCP' }] } }), '80/TCP,443:30443/TCP')
    assert.equal(servicePorts({ spec: {} }), '<none>')
  })

  const ext: [string, any, string][] = [
    ['ClusterIP without external IPs', { spec: { type: 'ClusterIP' } }, '<none>'],
    ['ClusterIP with external IPs', { spec: { type: 'ClusterIP', externalIPs: ['1.1.1.1', '2.2.2.2'] } }, '1.1.1.1,2.2.2.2'],
    ['LoadBalancer pending', { spec: { type: 'LoadBalancer' } }, '<pending>'],
    [
      'LoadBalancer ingress sorted and not clipped (server prints wide)',
      { spec: { type: 'LoadBalancer' }, status: { loadBalancer: { ingress: [{ hostname: 'a-very-long-hostname.example.com' }, { ip: '9.9.9.9' }] } } },
      '9.9.9.9,a-very-long-hostname.example.com',
    ],
    ['LoadBalancer plus external IPs', { spec: { type: 'LoadBalancer', externalIPs: ['8.8.8.8'] }, status: { loadBalancer: { ingress: [{ ip: '9.9.9.9' }] } } }, '9.9.9.9,8.8.8.8'],
    ['ExternalName', { spec: { type: 'ExternalName', externalName: 'db.example.com' } }, 'db.example.com'],
  ]
  for (const [name, svc, want] of ext) void test(`external IP: ${name}`, () => assert.equal(serviceExternalIP(svc), want))

  void test('row', () => {
    const svc = {
      metadata: { name: 'web', creationTimestamp: '2024-05-01T09:00:00Z' },
      spec: { type: 'ClusterIP', clusterIPs: ['10.96.0.10'], ports: [{ port: 80, protocol: 'TCP' }], selector: { tier: 'fe', app: 'web' } },
    }
    assert.deepEqual(serviceStrategy.table!.cells(svc, now), ['web', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP', '60m', 'app=web,tier=fe'])
    assert.deepEqual(serviceStrategy.table!.columns.map((c) => c.name), ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector'])
  })

  void test('info', () => {
    assert.equal(serviceStrategy.nameValidation, 'dns1035')
    assert.deepEqual(serviceStrategy.info.shortNames, ['svc'])
    assert.deepEqual(serviceStrategy.info.categories, ['all'])
    assert.ok(!serviceStrategy.info.verbs.includes('deletecollection'))
  })
})
