/**
 * The kubectl commands whose protobuf bodies are kept as fixtures in ../testdata, and a runner
 * for a real kubectl binary against the capture server. Test helper only.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const KUBECTL_DIR = '/usr/lib/google-cloud-sdk/bin'
export const kubectlBinary = (minor: number) => join(KUBECTL_DIR, `kubectl.1.${minor}`)
export const hasKubectl = (minor: number) => existsSync(kubectlBinary(minor))

export interface KubectlCase {
  /** testdata/<fixture>.pb and .json */
  fixture: string
  args: string[]
  /** Path (without query) of the write kubectl sends. */
  path: string
  /** A line kubectl prints on success, to know it accepted the stub's reply. */
  stdout: RegExp
}

const ns = '/api/v1/namespaces/default'

export const KUBECTL_CASES: readonly KubectlCase[] = [
  {
    fixture: 'configmap',
    args: ['create', 'configmap', 'cm', '--from-literal=a=b', '--from-literal=c=d'],
    path: `${ns}/configmaps`,
    stdout: /configmap\/cm created/,
  },
  {
    fixture: 'secret',
    args: ['create', 'secret', 'generic', 's', '--from-literal=k=v', '--from-literal=bin=\u00ff\u0001'],
    path: `${ns}/secrets`,
    stdout: /secret\/s created/,
  },
  {
    fixture: 'namespace',
    args: ['create', 'namespace', 'n'],
    path: '/api/v1/namespaces',
    stdout: /namespace\/n created/,
  },
  {
    fixture: 'deployment',
    args: ['create', 'deployment', 'd', '--image=nginx', '--replicas=2', '--port=80'],
    path: '/apis/apps/v1/namespaces/default/deployments',
    stdout: /deployment.apps\/d created/,
  },
  {
    fixture: 'service',
    args: ['create', 'service', 'clusterip', 'svc', '--tcp=80:8080', '--tcp=443:https'],
    path: `${ns}/services`,
    stdout: /service\/svc created/,
  },
  {
    fixture: 'serviceaccount',
    args: ['create', 'serviceaccount', 'sa'],
    path: `${ns}/serviceaccounts`,
    stdout: /serviceaccount\/sa created/,
  },
  {
    fixture: 'job',
    args: ['create', 'job', 'j', '--image=busybox', '--', 'echo', 'hi'],
    path: '/apis/batch/v1/namespaces/default/jobs',
    stdout: /job.batch\/j created/,
  },
  {
    fixture: 'cronjob',
    args: ['create', 'cronjob', 'cj', '--image=busybox', '--schedule=*/5 * * * *', '--', 'date'],
    path: '/apis/batch/v1/namespaces/default/cronjobs',
    stdout: /cronjob.batch\/cj created/,
  },
  {
    fixture: 'role',
    args: ['create', 'role', 'r', '--verb=get', '--verb=list', '--resource=pods'],
    path: '/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles',
    stdout: /role.rbac.authorization.k8s.io\/r created/,
  },
  {
    fixture: 'clusterrolebinding',
    args: [
      'create',
      'clusterrolebinding',
      'b',
      '--clusterrole=view',
      '--user=u',
      '--serviceaccount=default:sa',
    ],
    path: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
    stdout: /clusterrolebinding.rbac.authorization.k8s.io\/b created/,
  },
  {
    fixture: 'rolebinding',
    args: ['create', 'rolebinding', 'rb', '--role=r', '--group=g', '--serviceaccount=default:sa'],
    path: '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings',
    stdout: /rolebinding.rbac.authorization.k8s.io\/rb created/,
  },
  {
    fixture: 'clusterrole',
    args: [
      'create',
      'clusterrole',
      'cr',
      '--verb=get,list',
      '--resource=pods,deployments.apps',
      '--resource-name=x',
    ],
    path: '/apis/rbac.authorization.k8s.io/v1/clusterroles',
    stdout: /clusterrole.rbac.authorization.k8s.io\/cr created/,
  },
  {
    fixture: 'service-nodeport',
    args: ['create', 'service', 'nodeport', 'np', '--tcp=5678:8080', '--node-port=30080'],
    path: `${ns}/services`,
    stdout: /service\/np created/,
  },
  {
    fixture: 'secret-docker-registry',
    args: [
      'create',
      'secret',
      'docker-registry',
      'reg',
      '--docker-server=r.io',
      '--docker-username=u',
      '--docker-password=p',
    ],
    path: `${ns}/secrets`,
    stdout: /secret\/reg created/,
  },
  {
    fixture: 'priorityclass',
    args: [
      'create',
      'priorityclass',
      'pc',
      '--value=1000',
      '--description=high',
      '--preemption-policy=Never',
    ],
    path: '/apis/scheduling.k8s.io/v1/priorityclasses',
    stdout: /priorityclass.scheduling.k8s.io\/pc created/,
  },
  {
    fixture: 'poddisruptionbudget',
    args: ['create', 'poddisruptionbudget', 'pdb', '--selector=app=web', '--min-available=50%'],
    path: '/apis/policy/v1/namespaces/default/poddisruptionbudgets',
    stdout: /poddisruptionbudget.policy\/pdb created/,
  },
  {
    fixture: 'ingress',
    args: [
      'create',
      'ingress',
      'ing',
      '--class=nginx',
      '--rule=foo.com/bar*=svc:8080,tls=cert',
      '--annotation=a=b',
    ],
    path: '/apis/networking.k8s.io/v1/namespaces/default/ingresses',
    stdout: /ingress.networking.k8s.io\/ing created/,
  },
  {
    fixture: 'resourcequota',
    args: ['create', 'quota', 'q', '--hard=cpu=1500m,memory=1Gi,pods=10'],
    path: `${ns}/resourcequotas`,
    stdout: /resourcequota\/q created/,
  },
  {
    fixture: 'selfsubjectaccessreview',
    args: ['auth', 'can-i', 'list', 'pods'],
    path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    stdout: /^yes$/m,
  },
  {
    fixture: 'selfsubjectreview',
    args: ['auth', 'whoami'],
    path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    stdout: /capture-user/,
  },
  {
    fixture: 'tokenrequest',
    args: ['create', 'token', 'sa', '--duration=1h', '--audience=api'],
    path: `${ns}/serviceaccounts/sa/token`,
    stdout: /captured-token/,
  },
]

export interface KubectlResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs `binary --server <url> --token t <args>` with an empty kubeconfig and a fresh cache dir. */
export async function runKubectl(binary: string, server: string, args: string[]): Promise<KubectlResult> {
  const dir = await mkdtemp(join(tmpdir(), 'kubectl-capture-'))
  try {
    const kubeconfig = join(dir, 'config')
    await writeFile(kubeconfig, 'apiVersion: v1\nkind: Config\n')
    const fullArgs = ['--server', server, '--token', 't', '--cache-dir', join(dir, 'cache'), ...args]
    return await new Promise((resolve) => {
      execFile(
        binary,
        fullArgs,
        { env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: kubeconfig }, timeout: 60_000 },
        (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0
          resolve({ code, stdout, stderr })
        },
      )
    })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
