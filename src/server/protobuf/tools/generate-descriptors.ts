/**
 * Regenerates `../descriptors/*.ts` from a local git copy of kubernetes/api and
 * kubernetes/apimachinery at a release tag:
 *
 *   npx tsx src/server/protobuf/tools/generate-descriptors.ts <api.git> <apimachinery.git> <tag>
 *
 * Facts taken: from each `generated.proto`, every field's number, label and type; from the Go
 * structs in the same folder, the JSON name (`json:"..."` tag), `omitempty`, `,inline` and
 * whether the Go type is a pointer. Only messages reachable from ROOTS are written. Comments of
 * the upstream files are not carried over. A developer tool: nothing at run time imports it.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { allKindMessages } from '../kinds.js'

interface Source {
  /** Our namespace name (see descriptor.ts). */
  name: string
  repo: 'api' | 'apimachinery'
  dir: string
  protoPackage: string
  /** Output file under descriptors/. */
  file: string
  exportName: string
}

const SOURCES: Source[] = [
  [
    'meta.v1',
    'apimachinery',
    'pkg/apis/meta/v1',
    'k8s.io.apimachinery.pkg.apis.meta.v1',
    'meta-v1',
    'metaV1',
  ],
  ['runtime', 'apimachinery', 'pkg/runtime', 'k8s.io.apimachinery.pkg.runtime', 'runtime', 'runtime'],
  ['intstr', 'apimachinery', 'pkg/util/intstr', 'k8s.io.apimachinery.pkg.util.intstr', 'intstr', 'intstr'],
  [
    'resource',
    'apimachinery',
    'pkg/api/resource',
    'k8s.io.apimachinery.pkg.api.resource',
    'resource',
    'resource',
  ],
  ['core.v1', 'api', 'core/v1', 'k8s.io.api.core.v1', 'core-v1', 'coreV1'],
  ['apps.v1', 'api', 'apps/v1', 'k8s.io.api.apps.v1', 'apps-v1', 'appsV1'],
  ['batch.v1', 'api', 'batch/v1', 'k8s.io.api.batch.v1', 'batch-v1', 'batchV1'],
  ['autoscaling.v1', 'api', 'autoscaling/v1', 'k8s.io.api.autoscaling.v1', 'autoscaling-v1', 'autoscalingV1'],
  ['autoscaling.v2', 'api', 'autoscaling/v2', 'k8s.io.api.autoscaling.v2', 'autoscaling-v2', 'autoscalingV2'],
  ['rbac.v1', 'api', 'rbac/v1', 'k8s.io.api.rbac.v1', 'rbac-v1', 'rbacV1'],
  [
    'authorization.v1',
    'api',
    'authorization/v1',
    'k8s.io.api.authorization.v1',
    'authorization-v1',
    'authorizationV1',
  ],
  [
    'authentication.v1',
    'api',
    'authentication/v1',
    'k8s.io.api.authentication.v1',
    'authentication-v1',
    'authenticationV1',
  ],
  ['policy.v1', 'api', 'policy/v1', 'k8s.io.api.policy.v1', 'policy-v1', 'policyV1'],
  ['networking.v1', 'api', 'networking/v1', 'k8s.io.api.networking.v1', 'networking-v1', 'networkingV1'],
  ['scheduling.v1', 'api', 'scheduling/v1', 'k8s.io.api.scheduling.v1', 'scheduling-v1', 'schedulingV1'],
  [
    'certificates.v1',
    'api',
    'certificates/v1',
    'k8s.io.api.certificates.v1',
    'certificates-v1',
    'certificatesV1',
  ],
].map(([name, repo, dir, protoPackage, file, exportName]) => ({
  name: name,
  repo: repo as Source['repo'],
  dir: dir,
  protoPackage: protoPackage,
  file: file,
  exportName: exportName,
}))

/** Messages whose JSON form is not their struct's (converted by well-known.ts), or the envelope. */
const SPECIAL = new Set([
  'meta.v1.Time',
  'meta.v1.MicroTime',
  'meta.v1.Duration',
  'meta.v1.FieldsV1',
  'runtime.RawExtension',
  'runtime.Unknown',
  'runtime.TypeMeta',
  'intstr.IntOrString',
  'resource.Quantity',
])

/** The envelope plus every message kinds.ts maps a kind to. */
const ROOTS = ['runtime.Unknown', ...allKindMessages()]

interface ProtoField {
  name: string
  number: number
  label: 'optional' | 'repeated' | 'map'
  type: string
  keyType?: string
}

interface GoField {
  jsonName: string
  omitempty: boolean
  inline: boolean
  pointer: boolean
}

function show(gitDir: string, tag: string, path: string): string {
  return execFileSync('git', ['--git-dir', gitDir, 'show', `${tag}:${path}`], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  })
}

function listGoFiles(gitDir: string, tag: string, dir: string): string[] {
  const out = execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '--name-only', `${tag}:${dir}`], {
    encoding: 'utf8',
  })
  return out
    .split('\n')
    .filter(
      (f) => f.endsWith('.go') && !f.endsWith('_test.go') && !f.startsWith('zz_') && !f.endsWith('.pb.go'),
    )
    .map((f) => `${dir}/${f}`)
}

function parseProto(text: string): Map<string, ProtoField[]> {
  const messages = new Map<string, ProtoField[]>()
  let current: ProtoField[] | undefined
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim()
    const open = /^message (\w+) \{$/.exec(line)
    if (open) {
      current = []
      messages.set(open[1], current)
      continue
    }
    if (line === '}') {
      current = undefined
      continue
    }
    if (!current || !line) continue
    const map = /^map<(\S+), (\S+)> (\w+) = (\d+);$/.exec(line)
    if (map) {
      current.push({ label: 'map', keyType: map[1], type: map[2], name: map[3], number: Number(map[4]) })
      continue
    }
    const f = /^(optional|repeated) (\S+) (\w+) = (\d+);$/.exec(line)
    if (!f) throw new Error(`unparsed proto line: ${line}`)
    current.push({ label: f[1] as 'optional' | 'repeated', type: f[2], name: f[3], number: Number(f[4]) })
  }
  return messages
}

/** Go structs of one package: struct name -> proto field number -> JSON facts; plus slice types. */
function parseGo(texts: string[]): { structs: Map<string, Map<number, GoField>>; slices: Set<string> } {
  const structs = new Map<string, Map<number, GoField>>()
  const slices = new Set<string>()
  for (const text of texts) {
    let current: Map<number, GoField> | undefined
    for (const line of text.split('\n')) {
      const slice = /^type (\w+) \[\]\w+$/.exec(line)
      if (slice) slices.add(slice[1])
      const open = /^type (\w+) struct \{$/.exec(line)
      if (open) {
        current = new Map()
        structs.set(open[1], current)
        continue
      }
      if (line === '}') {
        current = undefined
        continue
      }
      if (!current || !line.includes('protobuf:"') || line.trim().startsWith('//')) continue
      const m = /^\s*(\S+)(?:\s+(\S+))?\s+`([^`]*)`/.exec(line)
      if (!m) throw new Error(`unparsed Go field: ${line}`)
      const goType = m[2] ?? m[1]
      const tag = m[3]
      const proto = /protobuf:"([^"]*)"/.exec(tag)![1]
      if (proto === '-') continue
      // Without a json tag Go's encoder uses the field name as is.
      const json = /json:"([^"]*)"/.exec(tag)?.[1] ?? (m[2] ? m[1] : goType.replace(/^\*?(\w+\.)?/, ''))
      const [jsonName = '', ...opts] = json.split(',')
      current.set(Number(proto.split(',')[1]), {
        jsonName,
        omitempty: opts.includes('omitempty'),
        inline: opts.includes('inline'),
        pointer: goType.startsWith('*'),
      })
    }
  }
  return { structs, slices }
}

const SCALARS = new Set(['string', 'bool', 'int32', 'int64', 'bytes', 'double', 'float', 'uint32', 'uint64'])

function main(): void {
  const [apiGit, machineryGit, tag] = process.argv.slice(2)
  if (!apiGit || !machineryGit || !tag)
    throw new Error('usage: generate-descriptors <api.git> <apimachinery.git> <tag>')
  const byProtoPackage = new Map(SOURCES.map((s) => [s.protoPackage, s]))
  const protos = new Map<string, Map<string, ProtoField[]>>()
  const gos = new Map<string, ReturnType<typeof parseGo>>()
  for (const s of SOURCES) {
    const git = s.repo === 'api' ? apiGit : machineryGit
    protos.set(s.name, parseProto(show(git, tag, `${s.dir}/generated.proto`)))
    gos.set(s.name, parseGo(listGoFiles(git, tag, s.dir).map((p) => show(git, tag, p))))
  }

  /** A proto type reference, as written in our notation from inside package `from`. */
  const ref = (type: string, from: string): { text: string; full?: string } => {
    if (SCALARS.has(type)) return { text: type }
    if (!type.startsWith('.')) return { text: type, full: `${from}.${type}` }
    const dot = type.lastIndexOf('.')
    const src = byProtoPackage.get(type.slice(1, dot))
    if (!src) throw new Error(`unknown proto package in ${type}`)
    const full = `${src.name}.${type.slice(dot + 1)}`
    return { text: src.name === from ? type.slice(dot + 1) : full, full }
  }

  // Walk the closure of ROOTS.
  const wanted = new Set<string>()
  const queue = [...ROOTS]
  while (queue.length) {
    const full = queue.pop()!
    if (wanted.has(full)) continue
    wanted.add(full)
    const dot = full.lastIndexOf('.')
    const pkg = full.slice(0, dot)
    const fields = protos.get(pkg)?.get(full.slice(dot + 1))
    if (!fields) throw new Error(`no message ${full}`)
    for (const f of fields) {
      const r = ref(f.type, pkg)
      if (r.full) queue.push(r.full)
    }
  }

  const outDir = fileURLToPath(new URL('../descriptors/', import.meta.url))
  for (const s of SOURCES) {
    const names = [...protos.get(s.name)!.keys()].filter((m) => wanted.has(`${s.name}.${m}`)).sort()
    const go = gos.get(s.name)!
    const wrappers: string[] = []
    const body: string[] = []
    for (const m of names) {
      const full = `${s.name}.${m}`
      const fields = protos.get(s.name)!.get(m)!
      if (go.slices.has(m)) wrappers.push(m)
      const goFields = SPECIAL.has(full) || go.slices.has(m) ? undefined : go.structs.get(m)
      if (!goFields && !SPECIAL.has(full) && !go.slices.has(m)) throw new Error(`no Go struct for ${full}`)
      body.push(`    ${m}: {`)
      for (const f of fields) {
        const g = goFields?.get(f.number)
        if (goFields && !g) throw new Error(`no Go field ${full} #${f.number}`)
        const r = ref(f.type, s.name)
        const type =
          f.label === 'map' ? `map<${f.keyType},${r.text}>` : f.label === 'repeated' ? `${r.text}[]` : r.text
        let flag = ''
        if (g?.inline) flag = 'inline'
        else if (g && f.label === 'optional' && SCALARS.has(f.type) && (g.pointer || !g.omitempty))
          flag = 'keep'
        const key = g && !g.inline ? g.jsonName : f.name
        const quoted = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `'${key}'`
        body.push(`      ${quoted}: [${f.number}, '${type}'${flag ? `, '${flag}'` : ''}],`)
      }
      body.push('    },')
    }
    const file = [
      `// Generated by tools/generate-descriptors.ts from k8s.io/${s.repo} ${tag} (${s.dir}). Do not edit by hand.`,
      "import type { PackageSpec } from '../descriptor.js'",
      '',
      `export const ${s.exportName}: PackageSpec = {`,
      `  name: '${s.name}',`,
      ...(wrappers.length ? [`  listWrappers: [${wrappers.map((w) => `'${w}'`).join(', ')}],`] : []),
      '  messages: {',
      ...body,
      '  },',
      '}',
      '',
    ]
    writeFileSync(`${outDir}${s.file}.ts`, file.join('\n'))
    console.log(`${s.file}.ts: ${names.length} messages`)
  }
}

main()
