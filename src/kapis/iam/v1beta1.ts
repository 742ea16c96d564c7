import type { KapisDeps } from '../deps.js'
import type { Route } from '../route.js'

export function iamV1beta1Routes(_deps: KapisDeps): Route[] {
  return []
}
