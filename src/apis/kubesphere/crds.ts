/**
 * The KubeSphere CustomResourceDefinitions the server installs at start-up (DESIGN.md, `apis/`).
 *
 * Where the manifests come from: `crds/<group>_<plural>.yaml` carry the schemas of KubeSphere
 * v4.1.3 (github.com/kubesphere/kubesphere, tag v4.1.3, commit 3ef3a6bc98b7, directory
 * `config/ks-core/charts/ks-crds/crds/`; these files are unchanged on master as of July 2026):
 * names, scope, versions with their served/storage/deprecated flags, printer columns, subresources
 * and the complete openAPIV3Schema (fields, types, required, formats, patterns, x-kubernetes-*
 * markers). Two things differ on purpose: every upstream `description` text was removed and a few
 * short descriptions of our own were written instead, and the controller-gen version annotation
 * was dropped. Each file's header comment names its upstream file.
 *
 * How to refresh: take the upstream file of the same name from the new KubeSphere tag, delete
 * every `description` whose value is a string (a property *named* `description`, such as
 * `spec.description` of User, is a schema object and stays), re-add our descriptions (compare with
 * the old file), drop `metadata.annotations`, update the header comment and the tag above, and run
 * `crds.test.ts`: it pins the names, versions and scopes this server relies on, checks every
 * schema is structural, and checks the sample objects from the specs still fit.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { parse } from 'yaml'

/** Directory of the manifests, resolved next to this module (src/ or a built copy). */
export const KUBESPHERE_CRDS_DIR = new URL('./crds/', import.meta.url)

let loaded: any[] | undefined

/**
 * All KubeSphere CRD manifests (apiextensions.k8s.io/v1 CustomResourceDefinition objects), sorted
 * by file name. The files are read and parsed once per process; every call returns fresh deep
 * copies, so callers may mutate what they get. Throws if a file is not a single CRD document.
 */
export function kubesphereCrds(): any[] {
  loaded ??= loadManifests()
  return structuredClone(loaded)
}

function loadManifests(): any[] {
  const files = readdirSync(KUBESPHERE_CRDS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
  return files.map((file) => {
    const doc = parse(readFileSync(new URL(file, KUBESPHERE_CRDS_DIR), 'utf8'))
    if (doc?.apiVersion !== 'apiextensions.k8s.io/v1' || doc?.kind !== 'CustomResourceDefinition') {
      throw new Error(`${file}: not an apiextensions.k8s.io/v1 CustomResourceDefinition`)
    }
    return doc
  })
}
