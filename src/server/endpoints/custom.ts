/**
 * Handlers for API resources that are not stored objects (access reviews, token requests) and
 * for subresources with behaviour of their own. They are looked up before the generic Store.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { UserInfo } from '../../apimachinery/user.js'
import type { RequestInfo } from '../request-info.js'

export type CustomHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  ri: RequestInfo,
  query: URLSearchParams,
  user: UserInfo,
) => Promise<void> | void

export class CustomHandlers {
  private readonly handlers = new Map<string, CustomHandler>()

  /** `key` is `group/version/resource[/subresource]`. */
  register(group: string, version: string, resource: string, subresource: string, handler: CustomHandler): void {
    this.handlers.set(`${group}/${version}/${resource}/${subresource}`, handler)
  }

  lookup(ri: RequestInfo): CustomHandler | undefined {
    if (this.handlers.size === 0) return undefined
    return this.handlers.get(`${ri.apiGroup}/${ri.apiVersion}/${ri.resource}/${ri.subresource}`)
  }
}
