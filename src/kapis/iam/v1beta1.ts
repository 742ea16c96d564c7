/**
 * iam.kubesphere.io/v1beta1 (kapis.md §8): users, passwords and login records; members of the
 * cluster, of workspaces and of namespaces; a user's role templates; subject access reviews.
 * Roles and bindings themselves are listed through the generic fallback (§8.2, §9).
 */
import type { KapisDeps } from '../deps.js'
import { LIST_QUERY, route, type Route } from '../route.js'
import { serveAccessReview } from './access-review.js'
import type { MemberTarget } from './bindings.js'
import { Members, ROLE_PARAM } from './members.js'
import { RoleTemplates } from './role-templates.js'
import { Users } from './users.js'

export const IAM_ROOT = '/kapis/iam.kubesphere.io/v1beta1'

export function iamV1beta1Routes(deps: KapisDeps): Route[] {
  const users = new Users(deps)
  const members = new Members(deps)
  const templates = new RoleTemplates(deps)
  const cluster: MemberTarget = { scope: 'cluster' }
  const workspace = (ws: string): MemberTarget => ({ scope: 'workspace', workspace: ws })
  const namespace = (ns: string): MemberTarget => ({ scope: 'namespace', namespace: ns })
  const memberQuery = (scope: MemberTarget['scope']) => [
    ...LIST_QUERY,
    { name: ROLE_PARAM[scope], description: 'only members with this role' },
  ]

  const root = IAM_ROOT
  return [
    route('POST', `${root}/users`, (r) => users.create(r), {
      summary: 'Create a user; annotation iam.kubesphere.io/globalrole also binds that global role',
      body: 'User',
      returns: 'User',
    }),
    route('PUT', `${root}/users/{user}`, (r) => users.update(r), {
      summary: 'Update a user (password and status kept, except an Active/Disabled state)',
      body: 'User',
      returns: 'User',
    }),
    route('DELETE', `${root}/users/{user}`, (r) => users.delete(r), {
      summary: 'Delete a user',
      returns: 'Message',
    }),
    route('PUT', `${root}/users/{user}/password`, (r) => users.changePassword(r), {
      summary: "Change a user's password (the current one is required unless the caller manages passwords)",
      body: 'PasswordReset',
      returns: 'Message',
    }),
    route('GET', `${root}/users/{user}`, (r) => users.get(r), { summary: 'Get a user', returns: 'User' }),
    route('GET', `${root}/users`, (r) => users.list(r), {
      summary: 'List users (v1beta1 query); ?globalrole= lists the users bound to that global role',
      query: [
        ...LIST_QUERY,
        { name: 'globalrole', description: 'users bound to this global role' },
        { name: 'fieldSelector', description: 'JSONPath field selector' },
      ],
      returns: 'ListResult',
    }),
    route('GET', `${root}/users/{user}/loginrecords`, (r) => users.loginRecords(r), {
      summary: "A user's login records, newest first",
      query: LIST_QUERY,
      returns: 'ListResult',
    }),
    route('GET', `${root}/clustermembers`, (r) => members.list(r, cluster), {
      summary: 'Members of the cluster',
      query: memberQuery('cluster'),
      returns: 'ListResult',
    }),
    route('POST', `${root}/clustermembers`, (r) => members.create(r, cluster), {
      summary: 'Add cluster members (ClusterRoleBindings <user>-<role>)',
      body: 'Member[]',
      returns: 'Member[]',
    }),
    route(
      'DELETE',
      `${root}/clustermembers/{clustermember}`,
      (r) => members.delete(r, cluster, r.params['clustermember']),
      {
        summary: 'Remove a cluster member',
        returns: 'Message',
      },
    ),
    route(
      'PUT',
      `${root}/clustermembers/{clustermember}`,
      (r) => members.update(r, cluster, r.params['clustermember']),
      {
        summary: "Change a cluster member's role",
        body: 'Member',
        returns: 'Message',
      },
    ),
    route(
      'GET',
      `${root}/workspaces/{workspace}/workspacemembers`,
      (r) => members.list(r, workspace(r.params['workspace'])),
      {
        summary: 'Members of a workspace',
        query: memberQuery('workspace'),
        returns: 'ListResult',
      },
    ),
    route(
      'PUT',
      `${root}/workspaces/{workspace}/workspacemembers/{workspacemember}`,
      (r) => members.update(r, workspace(r.params['workspace']), r.params['workspacemember']),
      { summary: "Change a workspace member's role", body: 'Member', returns: 'Message' },
    ),
    route(
      'POST',
      `${root}/workspaces/{workspace}/workspacemembers`,
      (r) => members.create(r, workspace(r.params['workspace'])),
      {
        summary: 'Add workspace members (WorkspaceRoleBindings <user>-<role>)',
        body: 'Member[]',
        returns: 'Member[]',
      },
    ),
    route(
      'DELETE',
      `${root}/workspaces/{workspace}/workspacemembers/{workspacemember}`,
      (r) => members.delete(r, workspace(r.params['workspace']), r.params['workspacemember']),
      { summary: 'Remove a workspace member', returns: 'Message' },
    ),
    route(
      'GET',
      `${root}/workspaces/{workspace}/workspacemembers/{workspacemember}`,
      (r) => members.get(r, workspace(r.params['workspace']), r.params['workspacemember']),
      { summary: 'A workspace member: its User with its workspace role', returns: 'User' },
    ),
    route(
      'GET',
      `${root}/namespaces/{namespace}/namespacemembers`,
      (r) => members.list(r, namespace(r.params['namespace'])),
      {
        summary: 'Members of a namespace',
        query: memberQuery('namespace'),
        returns: 'ListResult',
      },
    ),
    route(
      'POST',
      `${root}/namespaces/{namespace}/namespacemembers`,
      (r) => members.create(r, namespace(r.params['namespace'])),
      {
        summary: 'Add namespace members (RoleBindings <user>-<role>)',
        body: 'Member[]',
        returns: 'Member[]',
      },
    ),
    route(
      'DELETE',
      `${root}/namespaces/{namespace}/namespacemembers/{member}`,
      (r) => members.delete(r, namespace(r.params['namespace']), r.params['member']),
      { summary: 'Remove a namespace member', returns: 'Message' },
    ),
    route(
      'PUT',
      `${root}/namespaces/{namespace}/namespacemembers/{namespacemember}`,
      (r) => members.update(r, namespace(r.params['namespace']), r.params['namespacemember']),
      { summary: "Change a namespace member's role", body: 'Member', returns: 'Message' },
    ),
    route('GET', `${root}/users/{username}/roletemplates`, (r) => templates.list(r), {
      summary: "Role templates of a user's roles in a scope",
      query: [
        { name: 'scope', description: 'global, cluster, workspace or namespace' },
        { name: 'workspace', description: 'the workspace (scope workspace)' },
        { name: 'namespace', description: 'the namespace (scope namespace)' },
      ],
      returns: 'ListResult',
    }),
    route('POST', `${root}/subjectaccessreviews`, (r) => serveAccessReview(deps, r), {
      summary: 'Review whether a subject may do something (one review or a list)',
      body: 'SubjectAccessReview',
      returns: 'SubjectAccessReview',
    }),
  ]
}
