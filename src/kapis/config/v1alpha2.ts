/**
 * config.kubesphere.io/v1alpha2 (kapis.md §11): the multicluster and OAuth configuration views,
 * the console theme (a ConfigMap), cluster connection configurations and generic platform
 * configurations (Secrets in kubesphere-system holding YAML under `configuration.yaml`).
 */
import { stringify as yamlStringify } from 'yaml'
import { newBadRequest, newNotFound } from '../../apimachinery/errors.js'
import { isPlainObject } from '../../apimachinery/meta.js'
import { applyMergePatch } from '../../apimachinery/patch/merge-patch.js'
import { isDNS1123Label, isDNS1123Subdomain } from '../../apimachinery/validation.js'
import type { KapisDeps } from '../deps.js'
import { readObject, writeJson, writeSuccess } from '../http.js'
import { listOf } from '../objects.js'
import type { KapisRequest, Route } from '../route.js'
import { route } from '../route.js'
import { DEFAULT_ISSUER_VIEW, oauthView, secretConfiguration } from './oauth-view.js'

export const CONFIG_ROOT = '/kapis/config.kubesphere.io/v1alpha2'
const SYSTEM_NS = 'kubesphere-system'
const THEME_CONFIGMAP = 'platform-configuration-theme'
const PLATFORM_PREFIX = 'io.kubesphere.config.platformconfig.'
const PLATFORM_TYPE = 'config.kubesphere.io/generic-platform-config'
const CONNECTION_TYPE = 'config.kubesphere.io/cluster-connection-config'
const API_VERSION = 'config.kubesphere.io/v1alpha2'
const NS_PER_SECOND = 1_000_000_000

function toStringMap(value: unknown): Record<string, string> {
  if (!isPlainObject(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw newBadRequest('the body must be a JSON object of strings')
  }
  return value as Record<string, string>
}

function encodeConfiguration(data: unknown): Record<string, string> {
  return { 'configuration.yaml': Buffer.from(yamlStringify(data ?? {})).toString('base64') }
}

/** The platform configuration a Secret holds. */
function platformConfigOf(secret: any): Record<string, any> {
  const m = secret.metadata
  return {
    kind: 'GenericPlatformConfiguration',
    apiVersion: API_VERSION,
    metadata: {
      name: m.name.slice(PLATFORM_PREFIX.length),
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    data: secretConfiguration(secret) ?? {},
  }
}

/** Checks a posted configuration; the name comes from the URL on updates. */
function validPlatformConfig(
  body: Record<string, any>,
  urlName?: string,
): { name: string; data: Record<string, any> } {
  if (body['kind'] !== 'GenericPlatformConfiguration')
    throw newBadRequest(`invalid kind: ${String(body['kind'] ?? '')}`)
  if (body['apiVersion'] !== API_VERSION)
    throw newBadRequest(`invalid apiVersion: ${String(body['apiVersion'] ?? '')}`)
  const name = body['metadata']?.name ?? urlName ?? ''
  if (
    typeof name !== 'string' ||
    isDNS1123Subdomain(PLATFORM_PREFIX + name).length > 0 ||
    name === '' ||
    (urlName !== undefined && name !== urlName)
  ) {
    throw newBadRequest(`invalid config name: ${String(name)}`)
  }
  const data = body['data'] ?? {}
  if (!isPlainObject(data)) throw newBadRequest('invalid config data: must be an object')
  return { name, data }
}

export function configV1alpha2Routes(deps: KapisDeps): Route[] {
  const { registry } = deps
  const secrets = () => registry.storeFor('', 'secrets')!
  const configMaps = () => registry.storeFor('', 'configmaps')!
  const opts = (r: KapisRequest, version = 'v1') => ({ user: r.user, version })

  const platformSecret = (name: string) => {
    const s = secrets().getCached(SYSTEM_NS, PLATFORM_PREFIX + name)?.obj
    if (!s || s.type !== PLATFORM_TYPE)
      throw newNotFound({ group: 'config.kubesphere.io', resource: 'platformconfigs' }, name)
    return s
  }

  const writePlatform = async (r: KapisRequest, name: string, data: Record<string, any>, create: boolean) => {
    const key = PLATFORM_PREFIX + name
    const result = create
      ? await secrets().create(
          SYSTEM_NS,
          {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: key, namespace: SYSTEM_NS },
            type: PLATFORM_TYPE,
            data: encodeConfiguration(data),
          },
          opts(r),
        )
      : await secrets().guaranteedUpdate(SYSTEM_NS, key, opts(r), undefined, (cur) => ({
          ...cur,
          data: encodeConfiguration(data),
        }))
    writeJson(r.res, platformConfigOf(result.object))
  }

  const connectionConfigs = async () => {
    return (await listOf(registry, '', 'secrets', SYSTEM_NS))
      .map((c) => c.obj)
      .filter((s) => s?.type === CONNECTION_TYPE)
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0))
      .map((s) => ({
        kind: 'ClusterConnectionConfiguration',
        apiVersion: API_VERSION,
        metadata: {
          name: s.metadata.name,
          uid: s.metadata.uid,
          resourceVersion: s.metadata.resourceVersion,
          creationTimestamp: s.metadata.creationTimestamp,
        },
        data: secretConfiguration(s) ?? {},
      }))
  }

  const root = CONFIG_ROOT
  return [
    route(
      'GET',
      `${root}/configs/configz`,
      (r) =>
        writeJson(r.res, {
          multicluster: {
            clusterControllerResyncPeriod: 120 * NS_PER_SECOND,
            hostClusterName: deps.hostClusterName,
            clusterRole: 'host',
          },
        }),
      { summary: 'The exported server options (multicluster)', deprecated: true, returns: 'Object' },
    ),
    route(
      'GET',
      `${root}/configs/oauth`,
      async (r) => writeJson(r.res, await oauthView(registry, deps.oauthIssuer?.() ?? DEFAULT_ISSUER_VIEW)),
      {
        summary: 'The OAuth configuration: issuer options, identity providers and clients (no secrets)',
        returns: 'Object',
      },
    ),
    route(
      'GET',
      `${root}/configs/theme`,
      (r) => writeJson(r.res, configMaps().getCached(SYSTEM_NS, THEME_CONFIGMAP)?.obj?.data ?? {}),
      {
        summary: 'The console theme (string map)',
        returns: 'Object',
      },
    ),
    route(
      'PUT',
      `${root}/configs/theme`,
      async (r) => {
        const data = toStringMap(await readObject(r, 'theme'))
        const store = configMaps()
        if (store.getCached(SYSTEM_NS, THEME_CONFIGMAP)) {
          await store.guaranteedUpdate(SYSTEM_NS, THEME_CONFIGMAP, opts(r), undefined, (cur) => ({
            ...cur,
            data,
          }))
        } else {
          await store.create(
            SYSTEM_NS,
            { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: THEME_CONFIGMAP }, data },
            opts(r),
          )
        }
        writeJson(r.res, data)
      },
      { summary: 'Replace the console theme', body: 'Object', returns: 'Object' },
    ),
    route(
      'GET',
      `${root}/clusterconnectionconfigurations`,
      async (r) => writeJson(r.res, await connectionConfigs()),
      {
        summary: 'Cluster connection configurations, by name',
        returns: 'Object[]',
      },
    ),
    route(
      'GET',
      `${root}/clusterconnectionconfigurations/{config}`,
      async (r) => {
        const name = r.params['config']
        const found =
          isDNS1123Label(name).length === 0
            ? (await connectionConfigs()).find((c) => c.metadata.name === name)
            : undefined
        if (!found)
          throw newNotFound(
            { group: 'config.kubesphere.io', resource: 'clusterconnectionconfigurations' },
            name,
          )
        writeJson(r.res, found)
      },
      { summary: 'One cluster connection configuration', returns: 'Object' },
    ),
    route(
      'POST',
      `${root}/platformconfigs`,
      async (r) => {
        const { name, data } = validPlatformConfig(await readObject(r, 'GenericPlatformConfiguration'))
        await writePlatform(r, name, data, true)
      },
      {
        summary: 'Create a generic platform configuration',
        body: 'GenericPlatformConfiguration',
        returns: 'GenericPlatformConfiguration',
      },
    ),
    route(
      'GET',
      `${root}/platformconfigs/{config}`,
      (r) => writeJson(r.res, platformConfigOf(platformSecret(r.params['config']))),
      {
        summary: 'Get a generic platform configuration',
        returns: 'GenericPlatformConfiguration',
      },
    ),
    route(
      'PUT',
      `${root}/platformconfigs/{config}`,
      async (r) => {
        const name = r.params['config']
        platformSecret(name)
        const { data } = validPlatformConfig(await readObject(r, 'GenericPlatformConfiguration'), name)
        await writePlatform(r, name, data, false)
      },
      {
        summary: 'Replace a generic platform configuration',
        body: 'GenericPlatformConfiguration',
        returns: 'GenericPlatformConfiguration',
      },
    ),
    route(
      'PATCH',
      `${root}/platformconfigs/{config}`,
      async (r) => {
        const name = r.params['config']
        const current = platformConfigOf(platformSecret(name))
        const patch = await readObject(r, 'merge patch')
        const data = applyMergePatch(current['data'], patch['data'] ?? {})
        await writePlatform(r, name, isPlainObject(data) ? data : {}, false)
      },
      {
        summary: 'Merge-patch the data of a generic platform configuration',
        body: 'Object',
        returns: 'GenericPlatformConfiguration',
        consumes: ['application/merge-patch+json'],
      },
    ),
    route(
      'DELETE',
      `${root}/platformconfigs/{config}`,
      async (r) => {
        const name = r.params['config']
        platformSecret(name)
        await secrets().delete(SYSTEM_NS, PLATFORM_PREFIX + name, {}, opts(r))
        writeSuccess(r.res)
      },
      { summary: 'Delete a generic platform configuration', returns: 'Message' },
    ),
  ]
}
