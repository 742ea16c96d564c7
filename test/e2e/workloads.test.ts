/**
 * Workloads that make pods, with the real kubectl: Deployment → ReplicaSet → Pod, rollout
 * status and wait, scale, rollout restart, Recreate, history trimming and cascading deletion.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { kubectlFor, mustKubectl } from '../helpers/kubectl.js'
import { startServer, type TestServer } from '../helpers/server.js'

let server: TestServer
let k: (args: string[], input?: string) => Promise<string>
let kubectl: ReturnType<typeof kubectlFor>

before(async () => {
  server = await startServer()
  kubectl = kubectlFor(server)
  k = mustKubectl(kubectl)
  await k(['create', 'namespace', 'wl'])
})

after(async () => {
  await server?.dispose()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function eventually<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (ok(v)) return v
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(v)}`)
    await sleep(150)
  }
}

const getJson = async (args: string[]) => JSON.parse(await k([...args, '-n', 'wl', '-o', 'json']))
const podsOf = async (selector: string) => (await getJson(['get', 'pods', '-l', selector])).items as any[]
const replicaSetsOf = async (selector: string) =>
  (await getJson(['get', 'rs', '-l', selector])).items as any[]

describe('deployments make replica sets and pods', () => {
  test('create, rollout status, wait Available, tables', async () => {
    await k(['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=3', '-n', 'wl'])
    const out = await k(['rollout', 'status', 'deploy/web', '-n', 'wl', '--timeout=60s'])
    assert.match(out, /deployment "web" successfully rolled out/)
    assert.match(
      await k(['wait', '--for=condition=Available', 'deploy/web', '-n', 'wl', '--timeout=30s']),
      /deployment.apps\/web condition met/,
    )

    const d = await getJson(['get', 'deploy', 'web'])
    assert.equal(d.metadata.generation, 1, 'the controller does not move the generation')
    assert.equal(d.metadata.annotations['deployment.kubernetes.io/revision'], '1')
    assert.deepEqual(
      {
        replicas: d.status.replicas,
        updated: d.status.updatedReplicas,
        ready: d.status.readyReplicas,
        available: d.status.availableReplicas,
        observed: d.status.observedGeneration,
      },
      { replicas: 3, updated: 3, ready: 3, available: 3, observed: 1 },
    )
    const conditions = Object.fromEntries(
      d.status.conditions.map((c: any) => [c.type, `${c.status}/${c.reason}`]),
    )
    assert.deepEqual(conditions, {
      Available: 'True/MinimumReplicasAvailable',
      Progressing: 'True/NewReplicaSetAvailable',
    })

    const [rs] = await replicaSetsOf('app=web')
    const hash: string = rs.metadata.labels['pod-template-hash']
    assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/)
    assert.equal(rs.metadata.name, `web-${hash}`)
    assert.equal(rs.spec.selector.matchLabels['pod-template-hash'], hash)
    assert.equal(rs.metadata.annotations['deployment.kubernetes.io/revision'], '1')
    assert.deepEqual(rs.metadata.ownerReferences, [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web',
        uid: d.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ])
    const pods = await podsOf('app=web')
    assert.equal(pods.length, 3)
    for (const p of pods) {
      assert.match(p.metadata.name, new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`))
      assert.equal(p.metadata.ownerReferences[0].uid, rs.metadata.uid)
      assert.equal(p.metadata.ownerReferences[0].kind, 'ReplicaSet')
      assert.equal(p.status.phase, 'Running')
    }
    assert.match(await k(['get', 'deploy', 'web', '-n', 'wl']), /^web\s+3\/3\s+3\s+3\s+\d+s$/m)
    assert.match(await k(['get', 'rs', '-n', 'wl']), new RegExp(`^web-${hash}\\s+3\\s+3\\s+3\\s+\\d+s$`, 'm'))
    const podTable = await k(['get', 'pods', '-n', 'wl', '-l', 'app=web', '--no-headers'])
    assert.equal(podTable.trim().split('\n').length, 3)
    for (const line of podTable.trim().split('\n')) assert.match(line, /\s1\/1\s+Running\s+0\s+\d+s$/)
  })

  test('scale 3 → 1 leaves one pod, and back up to 2', async () => {
    assert.match(await k(['scale', 'deploy/web', '--replicas=1', '-n', 'wl']), /deployment.apps\/web scaled/)
    await eventually(
      () => podsOf('app=web'),
      (p) => p.length === 1,
      'one pod',
    )
    await k(['rollout', 'status', 'deploy/web', '-n', 'wl', '--timeout=30s'])
    const d = await getJson(['get', 'deploy', 'web'])
    assert.equal(d.status.replicas, 1)
    assert.equal(d.status.availableReplicas, 1)
    assert.equal((await podsOf('app=web')).length, 1)
    await k(['scale', 'deploy/web', '--replicas=2', '-n', 'wl'])
    await k(['rollout', 'status', 'deploy/web', '-n', 'wl', '--timeout=30s'])
    assert.equal((await podsOf('app=web')).length, 2)
    assert.equal((await replicaSetsOf('app=web')).length, 1, 'scaling makes no new ReplicaSet')
  })

  test('rollout restart replaces every pod through a new ReplicaSet', async () => {
    const before = new Set((await podsOf('app=web')).map((p) => p.metadata.name))
    assert.match(await k(['rollout', 'restart', 'deploy/web', '-n', 'wl']), /deployment.apps\/web restarted/)
    assert.match(
      await k(['rollout', 'status', 'deploy/web', '-n', 'wl', '--timeout=60s']),
      /successfully rolled out/,
    )
    const pods = await eventually(
      () => podsOf('app=web'),
      (p) => p.length === 2 && p.every((x) => !before.has(x.metadata.name)),
      'replaced pods',
    )
    const sets = await replicaSetsOf('app=web')
    const byRevision = Object.fromEntries(
      sets.map((rs) => [rs.metadata.annotations['deployment.kubernetes.io/revision'], rs]),
    )
    assert.equal(byRevision['1'].spec.replicas, 0, 'the old ReplicaSet is scaled to 0 and kept as history')
    assert.equal(byRevision['2'].spec.replicas, 2)
    assert.ok(byRevision['2'].spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'])
    for (const p of pods) assert.equal(p.metadata.ownerReferences[0].name, byRevision['2'].metadata.name)
    const d = await getJson(['get', 'deploy', 'web'])
    assert.equal(d.metadata.annotations['deployment.kubernetes.io/revision'], '2')
    assert.equal(d.metadata.generation, 4, 'two scales and the restart each moved it once')
    assert.equal(d.status.observedGeneration, 4)
    const history = await k(['rollout', 'history', 'deploy/web', '-n', 'wl'])
    assert.match(history, /^1\s/m)
    assert.match(history, /^2\s/m)
  })

  test('revisionHistoryLimit trims old ReplicaSets', async () => {
    await k(['patch', 'deploy', 'web', '-n', 'wl', '-p', '{"spec":{"revisionHistoryLimit":1}}'])
    await k(['set', 'image', 'deploy/web', 'nginx=nginx:1.26', '-n', 'wl'])
    await k(['rollout', 'status', 'deploy/web', '-n', 'wl', '--timeout=60s'])
    const sets = await eventually(
      () => replicaSetsOf('app=web'),
      (s) => s.length === 2,
      'two ReplicaSets left',
    )
    const revisions = sets.map((rs) => rs.metadata.annotations['deployment.kubernetes.io/revision']).sort()
    assert.deepEqual(revisions, ['2', '3'])
  })

  test('Recreate scales the old pods away before the new ones come', async () => {
    const manifest = `apiVersion: apps/v1
kind: Deployment
metadata: {name: rec, namespace: wl}
spec:
  replicas: 2
  strategy: {type: Recreate}
  selector: {matchLabels: {app: rec}}
  template:
    metadata: {labels: {app: rec}}
    spec: {containers: [{name: c, image: busybox:1.36}]}
`
    await k(['apply', '-f', '-'], manifest)
    await k(['rollout', 'status', 'deploy/rec', '-n', 'wl', '--timeout=60s'])
    await k(['set', 'image', 'deploy/rec', 'c=busybox:1.37', '-n', 'wl'])
    await k(['rollout', 'status', 'deploy/rec', '-n', 'wl', '--timeout=60s'])
    const pods = await eventually(
      () => podsOf('app=rec'),
      (p) => p.length === 2 && p.every((x) => x.spec.containers[0].image === 'busybox:1.37'),
      'new pods',
    )
    assert.equal(pods.length, 2)
  })

  test('describe shows the ReplicaSet events', async () => {
    const rsName = (await replicaSetsOf('app=rec')).find((rs) => rs.spec.replicas === 2).metadata.name
    const out = await k(['describe', 'rs', rsName, '-n', 'wl'])
    assert.match(out, /SuccessfulCreate\s+\S+\s+replicaset-controller\s+Created pod: /)
    const d = await k(['describe', 'deploy', 'rec', '-n', 'wl'])
    assert.match(
      d,
      /ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled down replica set rec-\w+ from 2 to 0/,
    )
  })

  test('a bare ReplicaSet keeps its pod count, replacing a deleted pod', async () => {
    const manifest = `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: bare, namespace: wl}
spec:
  replicas: 2
  selector: {matchLabels: {app: bare}}
  template:
    metadata: {labels: {app: bare}}
    spec: {containers: [{name: c, image: nginx}]}
`
    await k(['apply', '-f', '-'], manifest)
    const pods = await eventually(
      () => podsOf('app=bare'),
      (p) => p.length === 2 && p.every((x) => x.status.phase === 'Running'),
      'two running pods',
    )
    await k(['delete', 'pod', pods[0].metadata.name, '-n', 'wl'])
    const again = await eventually(
      () => podsOf('app=bare'),
      (p) => p.length === 2 && !p.some((x) => x.metadata.name === pods[0].metadata.name),
      'a replacement pod',
    )
    assert.equal(again.length, 2)
    const rs = await getJson(['get', 'rs', 'bare'])
    assert.deepEqual(
      {
        replicas: rs.status.replicas,
        ready: rs.status.readyReplicas,
        available: rs.status.availableReplicas,
        observed: rs.status.observedGeneration,
      },
      { replicas: 2, ready: 2, available: 2, observed: 1 },
    )
  })

  test('deleting a Deployment removes its ReplicaSets and pods', async () => {
    assert.ok((await replicaSetsOf('app=web')).length > 0)
    await k(['delete', 'deploy', 'web', '-n', 'wl'])
    await eventually(
      () => replicaSetsOf('app=web'),
      (s) => s.length === 0,
      'ReplicaSets gone',
    )
    await eventually(
      () => podsOf('app=web'),
      (p) => p.length === 0,
      'pods gone',
    )
  })

  test('foreground deletion waits for the pods, orphan deletion keeps them', async () => {
    await k(['delete', 'deploy', 'rec', '-n', 'wl', '--cascade=foreground'])
    assert.equal((await replicaSetsOf('app=rec')).length, 0)
    assert.equal((await podsOf('app=rec')).length, 0)
    await k(['delete', 'rs', 'bare', '-n', 'wl', '--cascade=orphan'])
    const left = await podsOf('app=bare')
    assert.equal(left.length, 2)
    for (const p of left) assert.equal(p.metadata.ownerReferences, undefined)
  })
})
