/**
 * Parsing of query-string values the way Go's strconv does it, since Kubernetes clients send
 * them in that form (the Python client writes `watch=True`).
 */

/** Go's strconv.ParseBool: 1,t,T,TRUE,true,True / 0,f,F,FALSE,false,False; anything else undefined. */
export function parseBool(v: string | null): boolean | undefined {
  if (v === null) return undefined
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false
  return undefined
}
