import type { KapisDeps } from '../deps.js'
import type { Route } from '../route.js'

export function clusterV1alpha1Routes(_deps: KapisDeps): Route[] {
  return []
}
