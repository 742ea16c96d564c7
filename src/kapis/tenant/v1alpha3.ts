import type { KapisDeps } from '../deps.js'
import type { Route } from '../route.js'

export function tenantV1alpha3Routes(_deps: KapisDeps): Route[] {
  return []
}
