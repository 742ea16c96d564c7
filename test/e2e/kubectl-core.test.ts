/**
 * The real kubectl against the real server: the everyday commands of a Kubernetes user.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { after, before, describe, test } from 'node:test'
import { kubectlFor, mustKubectl, KUBECTL } from '../helpers/kubectl.js'
import { startServer, type TestServer } from '../helpers/server.js'

let server: TestServer
let kubectl: ReturnType<typeof kubectlFor>
let k: (args: string[], input?: string) => Promise<string>

before(async () => {
  server = await startServer()
  kubectl = kubectlFor(server)
  k = mustKubectl(kubectl)
})

after(async () => {
  await server?.dispose()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (ok(v) || Date.now() > deadline) return v
    await sleep(200)
  }
}

describe('kubectl basics', () => {
  test('version reports minor 32 and api-resources lists the KubeSphere kinds', async () => {
    const v = JSON.parse(await k(['version', '-o', 'json']))
    assert.equal(v.serverVersion.major, '1')
    assert.equal(v.serverVersion.minor, '32')
    const resources = await k(['api-resources', '--no-headers'])
    for (const name of ['users', 'globalroles', 'workspacetemplates', 'clusters', 'serviceaccounts', 'deployments', 'customresourcedefinitions']) {
      assert.match(resources, new RegExp(`^${name}\\s`, 'm'), `api-resources lists ${name}`)
    }
    assert.match(resources, /^users\s+iam\.kubesphere\.io\/v1beta1\s+false\s+User$/m)
    assert.match(resources, /^serviceaccounts\s+kubesphere\.io\/v1alpha1\s+true\s+ServiceAccount$/m)
  })

  test('create -f, get in every output format', async () => {
    const cm = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm1\n  namespace: default\ndata:\n  k1: v1\n`
    assert.match(await k(['create', '-f', '-'], cm), /configmap\/cm1 created/)
    const y = await k(['get', 'configmap', 'cm1', '-o', 'yaml'])
    assert.match(y, /^kind: ConfigMap$/m)
    assert.match(y, /^ {2}k1: v1$/m)
    assert.match(y, /resourceVersion: "\d+"/)
    const j = JSON.parse(await k(['get', 'cm', 'cm1', '-o', 'json']))
    assert.equal(j.data.k1, 'v1')
    assert.match(j.metadata.uid, /^[0-9a-f-]{36}$/)
    assert.equal(await k(['get', 'cm', 'cm1', '-o', 'jsonpath={.data.k1}']), 'v1')
    assert.equal((await k(['get', 'cm', 'cm1', '-o', 'name'])).trim(), 'configmap/cm1')
    const table = await k(['get', 'cm'])
    assert.match(table, /^NAME\s+DATA\s+AGE$/m)
    assert.match(table, /^cm1\s+1\s+\d+s$/m)
  })

  test('typed create (protobuf bodies): configmap, namespace, deployment', async () => {
    assert.match(await k(['create', 'configmap', 'typed', '--from-literal=a=b']), /configmap\/typed created/)
    assert.match(await k(['create', 'configmap', 'typed-empty']), /configmap\/typed-empty created/)
    assert.equal(await k(['get', 'cm', 'typed-empty', '-o', 'jsonpath={.metadata.managedFields}']), '')
    assert.equal(await k(['get', 'cm', 'typed', '-o', 'jsonpath={.data.a}']), 'b')
    assert.match(await k(['create', 'namespace', 'typed-ns']), /namespace\/typed-ns created/)
    assert.match(await k(['create', 'deployment', 'typed-d', '--image=nginx:1.25', '--replicas=2']), /deployment.apps\/typed-d created/)
    const d = JSON.parse(await k(['get', 'deploy', 'typed-d', '-o', 'json']))
    assert.equal(d.spec.replicas, 2)
    assert.equal(d.spec.template.spec.containers[0].image, 'nginx:1.25')
    assert.equal(d.metadata.generation, 1)
  })

  test('label, annotate and set-based selectors', async () => {
    await k(['create', 'configmap', 'sel-a', '--from-literal=x=1'])
    await k(['create', 'configmap', 'sel-b', '--from-literal=x=1'])
    await k(['label', 'cm', 'sel-a', 'env=prod', 'tier=web'])
    await k(['label', 'cm', 'sel-b', 'env=dev'])
    await k(['annotate', 'cm', 'sel-a', 'note=hello'])
    assert.equal(await k(['get', 'cm', 'sel-a', '-o', 'jsonpath={.metadata.annotations.note}']), 'hello')
    const names = async (sel: string) => (await k(['get', 'cm', '-l', sel, '-o', 'name'])).trim().split('\n').filter(Boolean).sort()
    assert.deepEqual(await names('env in (prod,dev)'), ['configmap/sel-a', 'configmap/sel-b'])
    assert.deepEqual(await names('env notin (dev),env'), ['configmap/sel-a'])
    assert.deepEqual(await names('!tier,env'), ['configmap/sel-b'])
    await k(['label', 'cm', 'sel-a', 'env-'])
    assert.deepEqual(await names('env'), ['configmap/sel-b'])
    const r = await kubectl(['label', 'cm', 'sel-b', 'env=x'])
    assert.notEqual(r.code, 0)
    assert.match(r.stderr, /'env' already has a value \(dev\), and --overwrite is false/)
  })

  test('patch --type merge, json and strategic', async () => {
    await k(['create', 'configmap', 'p1', '--from-literal=a=1'])
    await k(['patch', 'cm', 'p1', '--type', 'merge', '-p', '{"data":{"b":"2"}}'])
    await k(['patch', 'cm', 'p1', '--type', 'json', '-p', '[{"op":"replace","path":"/data/a","value":"10"}]'])
    await k(['patch', 'cm', 'p1', '-p', '{"data":{"c":"3"}}'])
    const data = JSON.parse(await k(['get', 'cm', 'p1', '-o', 'jsonpath={.data}']))
    assert.deepEqual(data, { a: '10', b: '2', c: '3' })
    const bad = await kubectl(['patch', 'cm', 'p1', '--type', 'json', '-p', '[{"op":"test","path":"/data/a","value":"nope"}]'])
    assert.notEqual(bad.code, 0)
    assert.match(bad.stderr, /UnprocessableEntity|Invalid|test/i)
    assert.equal(await k(['get', 'cm', 'p1', '-o', 'jsonpath={.data.a}']), '10')
  })

  test('edit with a non-interactive editor', async () => {
    await k(['create', 'deployment', 'ed', '--image=nginx'])
    const r = await kubectlFor(server, { KUBE_EDITOR: "sed -i -e 's/replicas: 1/replicas: 4/'" })(['edit', 'deploy', 'ed'])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /deployment.apps\/ed edited/)
    assert.equal(await k(['get', 'deploy', 'ed', '-o', 'jsonpath={.spec.replicas}']), '4')
  })

  test('replace with a stale resourceVersion is a conflict', async () => {
    await k(['create', 'configmap', 'r1', '--from-literal=a=1'])
    const stale = JSON.parse(await k(['get', 'cm', 'r1', '-o', 'json']))
    await k(['patch', 'cm', 'r1', '--type', 'merge', '-p', '{"data":{"a":"2"}}'])
    stale.data.a = '3'
    const r = await kubectl(['replace', '-f', '-'], JSON.stringify(stale))
    assert.notEqual(r.code, 0)
    assert.match(
      r.stderr,
      /Error from server \(Conflict\): error when replacing "STDIN": Operation cannot be fulfilled on configmaps "r1": the object has been modified; please apply your changes to the latest version and try again/,
    )
    assert.equal(await k(['get', 'cm', 'r1', '-o', 'jsonpath={.data.a}']), '2')
  })

  test('apply twice with a changed Deployment merges containers and env by name', async () => {
    const deploy = (image: string, value: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: ${image}
        env:
        - name: A
          value: "${value}"
`
    assert.match(await k(['apply', '-f', '-'], deploy('nginx:1.25', '1')), /deployment.apps\/web created/)
    assert.match(await k(['apply', '-f', '-'], deploy('nginx:1.26', '2')), /deployment.apps\/web configured/)
    const d = JSON.parse(await k(['get', 'deploy', 'web', '-o', 'json']))
    const containers = d.spec.template.spec.containers
    assert.equal(containers.length, 1)
    assert.equal(containers[0].image, 'nginx:1.26')
    assert.deepEqual(containers[0].env, [{ name: 'A', value: '2' }])
    assert.equal(d.metadata.generation, 2)
  })

  test('apply --server-side records managedFields and reports conflicts', async () => {
    const cm = (v: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\n  namespace: default\ndata:\n  key: "${v}"\n`
    assert.match(await k(['apply', '--server-side', '-f', '-'], cm('1')), /configmap\/ssa serverside-applied/)
    const obj = JSON.parse(await k(['get', 'cm', 'ssa', '-o', 'json', '--show-managed-fields']))
    assert.ok(obj.metadata.managedFields.some((m: any) => m.manager === 'kubectl' && m.operation === 'Apply'))
    await k(['patch', 'cm', 'ssa', '--type', 'merge', '-p', '{"data":{"key":"other"}}'])
    const r = await kubectl(['apply', '--server-side', '-f', '-'], cm('2'))
    assert.notEqual(r.code, 0)
    assert.match(r.stderr, /Apply failed with 1 conflict: conflict with "kubectl-patch"/)
    await k(['apply', '--server-side', '--force-conflicts', '-f', '-'], cm('2'))
    assert.equal(await k(['get', 'cm', 'ssa', '-o', 'jsonpath={.data.key}']), '2')
  })

  test('get -w --output-watch-events streams changes', async () => {
    const child = spawn(KUBECTL, ['get', 'cm', '-w', '--output-watch-events'], {
      env: { PATH: process.env['PATH'] ?? '', HOME: server.dataDir, KUBECONFIG: server.kubeconfig },
    })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    await eventually(async () => out, (o) => /^ADDED\s+cm1\s/m.test(o))
    await k(['create', 'configmap', 'watched', '--from-literal=a=1'])
    await k(['label', 'cm', 'watched', 'x=y'])
    await k(['delete', 'cm', 'watched'])
    await eventually(async () => out, (o) => /^DELETED\s+watched\s/m.test(o))
    child.kill()
    assert.match(out, /^EVENT\s+NAME\s+DATA\s+AGE$/m)
    assert.match(out, /^ADDED\s+watched\s+1\s+\d+s$/m)
    assert.match(out, /^MODIFIED\s+watched\s+1\s+\d+s$/m)
    assert.match(out, /^DELETED\s+watched\s+1\s+\d+s$/m)
  })

  test('explain pods', async () => {
    const out = await k(['explain', 'pods.spec.containers.image'])
    assert.match(out, /KIND:\s+Pod/)
    assert.match(out, /FIELD:\s+image <string>/)
  })

  test('an invalid name is rejected as Invalid and nothing is stored', async () => {
    const r = await kubectl(['create', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n')
    assert.notEqual(r.code, 0)
    assert.match(
      r.stderr,
      /The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters/,
    )
    const list = await k(['get', 'cm', '-o', 'name'])
    assert.doesNotMatch(list, /Bad_Name/)
  })
})

describe('custom resources', () => {
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wg]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}
    additionalPrinterColumns:
    - {name: Color, type: string, jsonPath: .spec.color}
    - {name: Size, type: integer, jsonPath: .spec.size}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              color: {type: string, default: blue, enum: [blue, red, green]}
              size: {type: integer, minimum: 1}
              replicas: {type: integer}
          status:
            type: object
            properties:
              replicas: {type: integer}
`
  test('a CRD with printer columns, defaults and validation', async () => {
    assert.match(await k(['apply', '-f', '-'], crd), /customresourcedefinition.apiextensions.k8s.io\/widgets.example.com created/)
    await k(['wait', '--for', 'condition=established', '--timeout=30s', 'crd/widgets.example.com'])
    const w = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\nspec:\n  size: 3\n  extra: dropped\n'
    assert.match(await k(['apply', '-f', '-', '--validate=false'], w), /widget.example.com\/w1 created/)
    const got = JSON.parse(await k(['get', 'widget', 'w1', '-o', 'json']))
    assert.equal(got.spec.color, 'blue', 'default applied')
    assert.equal(got.spec.extra, undefined, 'unknown field pruned')
    const table = await k(['get', 'wg'])
    assert.match(table, /^NAME\s+COLOR\s+SIZE$/m)
    assert.match(table, /^w1\s+blue\s+3$/m)
    const bad = await kubectl(['apply', '-f', '-'], 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w2\nspec:\n  size: 0\n  color: pink\n')
    assert.notEqual(bad.code, 0)
    assert.match(bad.stderr, /The Widget "w2" is invalid/)
    assert.match(bad.stderr, /spec.color: Unsupported value: "pink"/)
    await k(['scale', 'widget', 'w1', '--replicas=3'])
    assert.equal(await k(['get', 'widget', 'w1', '-o', 'jsonpath={.spec.replicas}']), '3')
    await k(['delete', 'crd', 'widgets.example.com'])
    const gone = await eventually(() => kubectl(['get', 'crd', 'widgets.example.com']), (r) => r.code !== 0)
    assert.match(gone.stderr, /NotFound/)
  })
})

describe('namespaces', () => {
  test('deleting a namespace removes its contents, then the namespace', async () => {
    await k(['create', 'namespace', 'doomed'])
    await k(['-n', 'doomed', 'create', 'configmap', 'c1', '--from-literal=a=b'])
    await k(['-n', 'doomed', 'create', 'deployment', 'd1', '--image=nginx'])
    await k(['delete', 'namespace', 'doomed', '--wait=false'])
    const gone = await eventually(() => kubectl(['get', 'namespace', 'doomed']), (r) => r.code !== 0, 30_000)
    assert.match(gone.stderr, /namespaces "doomed" not found/)
    const left = await k(['-n', 'doomed', 'get', 'cm,deploy', '-o', 'name'])
    assert.equal(left.trim(), '')
    const r = await kubectl(['delete', 'namespace', 'default'])
    assert.match(r.stderr, /namespaces "default" is forbidden: this namespace may not be deleted/)
  })
})
