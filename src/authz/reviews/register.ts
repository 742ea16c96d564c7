/**
 * Serves the review APIs kubectl uses — authorization.k8s.io/v1 selfsubjectaccessreviews,
 * selfsubjectrulesreviews, subjectaccessreviews, localsubjectaccessreviews and
 * authentication.k8s.io/v1 selfsubjectreviews — as create-only custom resources, listed in
 * discovery. Bodies may be JSON, YAML or protobuf (kubectl sends protobuf); replies are JSON.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { newMethodNotSupported, newNotFoundPath } from '../../apimachinery/errors.js'
import type { UserInfo } from '../../apimachinery/user.js'
import type { ResourceRegistry } from '../../registry/registry.js'
import type { ResourceInfo, Scope } from '../../registry/strategy.js'
import { decodeObjectBody, mediaTypeOf, readBody } from '../../server/body.js'
import type { CustomHandlers } from '../../server/endpoints/custom.js'
import { negotiate } from '../../server/negotiation.js'
import type { RequestInfo } from '../../server/request-info.js'
import { writeObject } from '../../server/response-writers.js'
import type { Authorization } from '../authorization.js'
import { answerAccessReview, AUTHORIZATION_GROUP } from './access-reviews.js'
import { answerRulesReview } from './rules-review.js'
import { answerSelfSubjectReview, AUTHENTICATION_GROUP } from './self-subject-review.js'

type Answer = (body: Record<string, any>, user: UserInfo, ri: RequestInfo) => Record<string, any>

interface Review {
  group: string
  resource: string
  kind: string
  scope: Scope
  answer: Answer
}

function info(r: Review): ResourceInfo {
  return {
    group: r.group,
    version: 'v1',
    resource: r.resource,
    singular: r.kind.toLowerCase(),
    kind: r.kind,
    listKind: '',
    scope: r.scope,
    verbs: ['create'],
  }
}

export function registerReviews(
  custom: CustomHandlers,
  registry: ResourceRegistry,
  authz: Authorization,
): void {
  const reviews: Review[] = [
    {
      group: AUTHORIZATION_GROUP,
      resource: 'selfsubjectaccessreviews',
      kind: 'SelfSubjectAccessReview',
      scope: 'Cluster',
      answer: (body, user) =>
        answerAccessReview('SelfSubjectAccessReview', body, user, authz.authorizer, registry),
    },
    {
      group: AUTHORIZATION_GROUP,
      resource: 'selfsubjectrulesreviews',
      kind: 'SelfSubjectRulesReview',
      scope: 'Cluster',
      answer: (body, user) => answerRulesReview(body, user, authz.rbac),
    },
    {
      group: AUTHORIZATION_GROUP,
      resource: 'subjectaccessreviews',
      kind: 'SubjectAccessReview',
      scope: 'Cluster',
      answer: (body, user) =>
        answerAccessReview('SubjectAccessReview', body, user, authz.authorizer, registry),
    },
    {
      group: AUTHORIZATION_GROUP,
      resource: 'localsubjectaccessreviews',
      kind: 'LocalSubjectAccessReview',
      scope: 'Namespaced',
      answer: (body, user, ri) =>
        answerAccessReview('LocalSubjectAccessReview', body, user, authz.authorizer, registry, ri.namespace),
    },
    {
      group: AUTHENTICATION_GROUP,
      resource: 'selfsubjectreviews',
      kind: 'SelfSubjectReview',
      scope: 'Cluster',
      answer: (body, user) => answerSelfSubjectReview(body, user),
    },
  ]
  for (const r of reviews) {
    custom.register(r.group, 'v1', r.resource, '', (req, res, ri, _query, user) =>
      serve(req, res, ri, user, r),
    )
    registry.registerVirtual(info(r))
  }
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  ri: RequestInfo,
  user: UserInfo,
  r: Review,
): Promise<void> {
  if ((r.scope === 'Namespaced') !== (ri.namespace !== '')) throw newNotFoundPath()
  if (ri.verb !== 'create' || ri.name) throw newMethodNotSupported()
  const neg = negotiate(req.headers.accept)
  const body = decodeObjectBody(await readBody(req), mediaTypeOf(req), { kind: r.kind, allowProtobuf: true })
  writeObject(res, 201, r.answer(body, user, ri), neg)
}
