/**
 * The compact notation the message tables in `descriptors/` are written in.
 *
 * Only wire facts matter for decoding (field numbers and types); the proto package names of
 * k8s.io/api do not appear on the wire, so messages live in short namespaces of our own
 * (`core.v1`, `meta.v1`, `intstr`, ...). A field is keyed by its JSON name, so the decoded
 * message already carries the names a JSON request body would use.
 */

/**
 * How a field is shown in the JSON form, beyond its type.
 * - `keep`: a scalar whose zero value is still written (a Go pointer, or a field without
 *   `omitempty`). Scalars without it are dropped when they hold "", 0 or false, because the
 *   Go encoder writes every non-pointer scalar on the wire whether or not it was set.
 * - `inline`: an embedded struct whose fields are merged into the parent (`json:",inline"`);
 *   the key is then the proto field name, never shown.
 */
export type FieldFlag = 'keep' | 'inline'

/**
 * `[field number, type]` or `[field number, type, flag]`. Types are proto scalars (`string`,
 * `bool`, `int32`, `int64`, `bytes`, `double`), message names (unqualified within the same
 * package, otherwise `<package>.<Message>`), `T[]` for repeated fields and `map<K,V>` for maps.
 */
export type FieldSpec = readonly [number, string] | readonly [number, string, FieldFlag]

export type MessageSpec = Readonly<Record<string, FieldSpec>>

export interface PackageSpec {
  /** Our namespace, e.g. `core.v1`; also the prefix other packages use to refer to it. */
  readonly name: string
  readonly messages: Readonly<Record<string, MessageSpec>>
  /**
   * Messages that stand for a Go slice type (`type ExtraValue []string`): on the wire a
   * message with a repeated `items` field, in JSON just the array.
   */
  readonly listWrappers?: readonly string[]
}
