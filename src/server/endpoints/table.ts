/**
 * Table responses (`Accept: application/json;as=Table;v=v1;g=meta.k8s.io`), kube-api.md §13.
 */
import type { Store } from '../../registry/store.js'
import type { TableColumn, TableConvertor } from '../../registry/strategy.js'

const NAME_COLUMN: TableColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically.',
  priority: 0,
}

const CREATED_COLUMN: TableColumn = {
  name: 'Created At',
  type: 'date',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
  priority: 0,
}

/** Kinds without a printer: Name and Created At, as kube-apiserver's default convertor. */
export const DEFAULT_TABLE: TableConvertor = {
  columns: [NAME_COLUMN, CREATED_COLUMN],
  cells: (obj: any) => [obj.metadata?.name ?? '', obj.metadata?.creationTimestamp ?? null],
}

export type IncludeObject = 'None' | 'Metadata' | 'Object'

export function parseIncludeObject(v: string | null): IncludeObject {
  return v === 'None' || v === 'Object' ? v : 'Metadata'
}

function rowObject(obj: any, include: IncludeObject, tableVersion: string): any {
  if (include === 'None') return undefined
  if (include === 'Object') return obj
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${tableVersion}`, metadata: obj.metadata }
}

export function tableRows(store: Store, objects: any[], include: IncludeObject, tableVersion: string, now = Date.now()): any[] {
  const conv = store.strategy.table ?? DEFAULT_TABLE
  return objects.map((obj) => {
    const row: any = { cells: conv.cells(obj, now) }
    const conditions = conv.conditions?.(obj)
    if (conditions) row.conditions = conditions
    const o = rowObject(obj, include, tableVersion)
    if (o !== undefined) row.object = o
    return row
  })
}

export function buildTable(
  store: Store,
  objects: any[],
  opts: { include: IncludeObject; tableVersion: string; listMeta?: Record<string, unknown>; noHeaders?: boolean },
): any {
  const conv = store.strategy.table ?? DEFAULT_TABLE
  const table: any = {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${opts.tableVersion}`,
    metadata: opts.listMeta ?? {},
  }
  if (!opts.noHeaders) table.columnDefinitions = conv.columns
  else table.columnDefinitions = null
  table.rows = tableRows(store, objects, opts.include, opts.tableVersion)
  return table
}
