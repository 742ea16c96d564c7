/**
 * Building blocks for the Table convertors of the built-in kinds: the shared Name and Age
 * columns, and the cell formats kube-apiserver's printers use (label maps, container lists).
 */
import type { TableColumn } from '../../../registry/strategy.js'
import { translateTimestampSince } from '../../../apimachinery/duration.js'

const NAME_DOC =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names'
const AGE_DOC =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata'

export const NAME_COLUMN: TableColumn = { name: 'Name', type: 'string', format: 'name', description: NAME_DOC, priority: 0 }
export const AGE_COLUMN: TableColumn = { name: 'Age', type: 'string', description: AGE_DOC, priority: 0 }

/** A column definition; `wide` columns have priority 1 (shown with `-o wide`). */
export function column(name: string, type: TableColumn['type'], description: string, wide = false): TableColumn {
  return { name, type, description, priority: wide ? 1 : 0 }
}

export const CONTAINERS_COLUMN = column('Containers', 'string', 'Names of each container in the template.', true)
export const IMAGES_COLUMN = column('Images', 'string', 'Images referenced by each container in the template.', true)

/** Age cell of an object. */
export const age = (obj: any, now: number) => translateTimestampSince(obj?.metadata?.creationTimestamp, now)

/** `name1,name2` and `image1,image2` of a container list (layoutContainerCells). */
export function containerCells(containers: unknown): [string, string] {
  const list: any[] = Array.isArray(containers) ? containers : []
  return [list.map((c) => c?.name ?? '').join(','), list.map((c) => c?.image ?? '').join(',')]
}

/** labels.FormatLabels: sorted `k=v` pairs joined by `,`, `<none>` when empty. */
export function formatLabels(m: unknown): string {
  const entries = Object.entries((m ?? {}) as Record<string, unknown>)
  if (entries.length === 0) return '<none>'
  return entries
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',')
}

/** Integer cells: Go prints int64(0) for an absent count. */
export const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0)
