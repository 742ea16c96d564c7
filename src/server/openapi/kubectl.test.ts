import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { startFakeApiServer, type FakeApiServer } from './testing/fake-apiserver.js'
import { TEST_RESOURCES } from './testing/resources.js'

// The real kubectl 1.32 against our documents: explain (v3 and protobuf v2), and the apply /
// create paths that decide server-side validation and strategic merge patch from /openapi/v3.

const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32'
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration'

let server: FakeApiServer
let dir = ''

function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const cache = mkdtempSync(join(dir, 'cache-'))
  const argv = ['--server', server.url, '--token', 'x', '--cache-dir', cache, ...args]
  const env = { ...process.env, KUBECONFIG: join(dir, 'no-kubeconfig'), HOME: dir }
  return new Promise((resolve) => {
    execFile(KUBECTL, argv, { env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

function manifest(name: string, obj: object): string {
  const file = join(dir, name)
  writeFileSync(file, JSON.stringify(obj))
  return file
}

const deployment = (image: string, value: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd2', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'd2' } },
    template: {
      metadata: { labels: { app: 'd2' } },
      spec: { containers: [{ name: 'web', image, env: [{ name: 'A', value }] }] },
    },
  },
})

const writes = () => server.requests.filter((r) => r.method !== 'GET')

void describe(
  'kubectl 1.32 against the OpenAPI documents',
  { skip: !existsSync(KUBECTL) && `${KUBECTL} not installed` },
  () => {
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'openapi-kubectl-'))
      server = await startFakeApiServer(TEST_RESOURCES)
    })
    after(async () => {
      await server?.close()
      rmSync(dir, { recursive: true, force: true })
    })

    const explains: { args: string[]; expect: RegExp[] }[] = [
      {
        args: ['explain', 'pods'],
        expect: [
          /^KIND:\s+Pod$/m,
          /^VERSION:\s+v1$/m,
          /^\s+spec\t<PodSpec>$/m,
          /^\s+metadata\t<ObjectMeta>$/m,
        ],
      },
      {
        args: ['explain', 'deployments.spec.template'],
        expect: [/^GROUP:\s+apps$/m, /^FIELD: template <PodTemplateSpec>$/m],
      },
      {
        args: ['explain', 'pods.spec.containers.resources.limits'],
        expect: [/^FIELD: limits <map\[string\]Quantity>$/m],
      },
      {
        args: ['explain', 'widgets.spec'],
        expect: [/^GROUP:\s+example\.com$/m, /^\s+color\t<string>$/m, /The colour\./],
      },
      {
        args: ['explain', 'pods.spec.containers.ports', '--output=plaintext-openapiv2'],
        expect: [/^RESOURCE: ports <\[\]Object>$/m, /^\s+containerPort\t<integer> -required-$/m],
      },
    ]
    for (const c of explains) {
      void test(`kubectl ${c.args.join(' ')}`, async () => {
        const r = await kubectl(...c.args)
        assert.equal(r.code, 0, r.stderr)
        for (const re of c.expect) assert.match(r.stdout, re)
      })
    }

    void test('plaintext-openapiv2 fetched /openapi/v2 as protobuf', async () => {
      server.requests.length = 0
      assert.equal((await kubectl('explain', 'pods', '--output=plaintext-openapiv2')).code, 0)
      const v2 = server.requests.find((r) => r.url.startsWith('/openapi/v2'))
      assert.match(String(v2?.accept), /com\.github\.proto-openapi\.spec\.v2/)
    })

    void test('apply of a new object creates it with server-side validation (fieldValidation=Strict)', async () => {
      server.requests.length = 0
      const r = await kubectl('apply', '-f', manifest('new.json', deployment('nginx:1.26', '2')))
      assert.equal(r.code, 0, r.stderr)
      assert.deepEqual(
        writes().map((w) => `${w.method} ${w.url}`),
        [
          'POST /apis/apps/v1/namespaces/default/deployments?fieldManager=kubectl-client-side-apply&fieldValidation=Strict',
        ],
      )
    })

    void test('create -f uses server-side validation', async () => {
      server.requests.length = 0
      const r = await kubectl('create', '-f', manifest('create.json', deployment('nginx:1.26', '2')))
      assert.equal(r.code, 0, r.stderr)
      assert.deepEqual(
        writes().map((w) => `${w.method} ${w.url}`),
        [
          'POST /apis/apps/v1/namespaces/default/deployments?fieldManager=kubectl-create&fieldValidation=Strict',
        ],
      )
    })

    void test('apply of a changed built-in computes a strategic merge patch from the merge keys (kube-api.md §2.1)', async () => {
      const old = deployment('nginx:1.25', '1')
      const live = {
        ...old,
        metadata: { ...old.metadata, annotations: { [LAST_APPLIED]: JSON.stringify(old) + '\n' } },
      }
      const path = '/apis/apps/v1/namespaces/default/deployments/d2'
      server.objects.set(path, live)
      server.requests.length = 0
      const r = await kubectl('apply', '-f', manifest('changed.json', deployment('nginx:1.26', '2')))
      assert.equal(r.code, 0, r.stderr)
      const [patch, ...rest] = writes()
      assert.equal(rest.length, 0)
      assert.equal(patch.url, `${path}?fieldManager=kubectl-client-side-apply&fieldValidation=Strict`)
      assert.equal(patch.contentType, 'application/strategic-merge-patch+json')
      assert.deepEqual(JSON.parse(patch.body).spec, {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }],
            containers: [
              {
                '$setElementOrder/env': [{ name: 'A' }],
                env: [{ name: 'A', value: '2' }],
                image: 'nginx:1.26',
                name: 'web',
              },
            ],
          },
        },
      })
    })

    void test('apply of a changed custom resource sends a merge patch with server-side validation', async () => {
      const widget = (color: string) => ({
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w1', namespace: 'default' },
        spec: { color },
      })
      const path = '/apis/example.com/v1/namespaces/default/widgets/w1'
      const old = widget('red')
      server.objects.set(path, {
        ...old,
        metadata: { ...old.metadata, annotations: { [LAST_APPLIED]: JSON.stringify(old) + '\n' } },
      })
      server.requests.length = 0
      const r = await kubectl('apply', '-f', manifest('widget.json', widget('blue')))
      assert.equal(r.code, 0, r.stderr)
      const [patch] = writes()
      assert.equal(patch.url, `${path}?fieldManager=kubectl-client-side-apply&fieldValidation=Strict`)
      assert.equal(patch.contentType, 'application/merge-patch+json')
      assert.deepEqual(JSON.parse(patch.body).spec, { color: 'blue' })
    })
  },
)
