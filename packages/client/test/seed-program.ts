/**
 * The seed's Go program (ServiceAccount §1.3) in TypeScript, as packages/client/README.md
 * shows it; `overrides` only exist so tests can point it at a local server, and `print`
 * stands in for fmt.Println.
 */
import {
  inClusterConfig,
  restClientFor,
  setKubeSphereDefaults,
  type InClusterOverrides,
} from '../src/index.js'

export async function seedProgram(
  overrides: InClusterOverrides = {},
  print: (line: string) => void = console.log,
): Promise<void> {
  let config
  try {
    config = inClusterConfig(overrides)
  } catch (err) {
    print((err as Error).message)
    return
  }
  setKubeSphereDefaults(config)
  const c = restClientFor(config)
  try {
    const resp = await c.get().absPath('/kapis/tenant.kubesphere.io/v1beta1/clusters').doRaw()
    print(resp.toString())
  } catch (err) {
    print((err as Error).message)
  } finally {
    c.close()
  }
}
