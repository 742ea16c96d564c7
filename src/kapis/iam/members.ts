/**
 * Members of a cluster, workspace or namespace (kapis.md §8.1): listed from the scope's role
 * bindings as synthetic Users annotated with their role, added and changed through
 * MemberBindings, removed with all of the user's bindings in the scope.
 */
import { newBadRequest, newNotFound } from '../../apimachinery/errors.js'
import { isPlainObject } from '../../apimachinery/meta.js'
import type { KapisDeps } from '../deps.js'
import { readArray, readObject, writeJson, writeSuccess } from '../http.js'
import { entryOf, listEntries, writeListResult, type Entry } from '../list.js'
import { IAM } from '../objects.js'
import { parseQuery } from '../query.js'
import { withoutPassword } from '../resources/behaviours.js'
import type { KapisRequest } from '../route.js'
import { MemberBindings, firstUser, type MemberTarget } from './bindings.js'

export interface Member {
  username: string
  roleRef: string
}

const ROLE_ANNOTATION: Record<MemberTarget['scope'], string> = {
  global: 'iam.kubesphere.io/globalrole',
  cluster: 'iam.kubesphere.io/clusterrole',
  workspace: 'iam.kubesphere.io/workspacerole',
  namespace: 'iam.kubesphere.io/role',
}

/** The query parameter naming a role, per scope. */
export const ROLE_PARAM: Record<MemberTarget['scope'], string> = {
  global: 'globalrole',
  cluster: 'clusterrole',
  workspace: 'workspacerole',
  namespace: 'role',
}

function member(v: unknown): Member {
  if (
    !isPlainObject(v) ||
    typeof v['username'] !== 'string' ||
    v['username'] === '' ||
    typeof v['roleRef'] !== 'string' ||
    v['roleRef'] === ''
  ) {
    throw newBadRequest('a member is {"username": "<user>", "roleRef": "<role>"}')
  }
  return { username: v['username'], roleRef: v['roleRef'] }
}

export class Members {
  readonly bindings: MemberBindings

  constructor(private readonly deps: KapisDeps) {
    this.bindings = new MemberBindings(deps.registry)
  }

  async list(r: KapisRequest, t: MemberTarget): Promise<void> {
    const q = parseQuery(r.query)
    const role = q.filters.get(ROLE_PARAM[t.scope]) || undefined
    q.filters.delete(ROLE_PARAM[t.scope])
    const entries: Entry[] = []
    for (const b of await this.bindings.bindings(t, { role })) {
      const name = firstUser(b)
      if (!name) continue
      entries.push(
        entryOf({
          apiVersion: `${IAM}/v1beta1`,
          kind: 'User',
          metadata: { name, annotations: { [ROLE_ANNOTATION[t.scope]]: b.roleRef?.name ?? '' } },
        }),
      )
    }
    writeListResult(r.res, listEntries(entries, q, 'v1beta1'))
  }

  /** POST: binds every member in order; the first failure stops (earlier ones stay bound). */
  async create(r: KapisRequest, t: MemberTarget): Promise<void> {
    const members = (await readArray(r, 'members')).map(member)
    for (const m of members) await this.bindings.bind(t, m.username, m.roleRef, r.user)
    writeJson(r.res, members)
  }

  /** PUT: changes the role of an existing member. */
  async update(r: KapisRequest, t: MemberTarget, user: string): Promise<void> {
    const m = member(await readObject(r, 'member'))
    if (m.username !== user)
      throw newBadRequest(`incorrect username ${m.username}, the username must equal to the member`)
    if ((await this.bindings.bindings(t, { user })).length === 0)
      throw newBadRequest(`member ${user} not exist`)
    await this.bindings.bind(t, user, m.roleRef, r.user)
    writeSuccess(r.res)
  }

  async delete(r: KapisRequest, t: MemberTarget, user: string): Promise<void> {
    await this.bindings.unbind(t, user, r.user)
    writeSuccess(r.res)
  }

  /** GET one member: its User annotated with the role of its first binding. */
  async get(r: KapisRequest, t: MemberTarget, user: string): Promise<void> {
    const [binding] = await this.bindings.bindings(t, { user })
    if (!binding) throw newBadRequest(`member ${user} not exist`)
    const obj = this.deps.registry.get(IAM, 'users', '', user)
    if (!obj) throw newNotFound({ group: IAM, resource: 'users' }, user)
    const annotations = {
      ...obj.metadata?.annotations,
      [ROLE_ANNOTATION[t.scope]]: binding.roleRef?.name ?? '',
    }
    writeJson(r.res, withoutPassword({ ...obj, metadata: { ...obj.metadata, annotations } }))
  }
}
