/**
 * Name and label validators. Each returns the list of error details kube-apiserver would print
 * (k8s.io/apimachinery pkg/util/validation, pkg/api/validation/path), empty when the value is valid.
 * Callers wrap the details into field errors (`fieldInvalid(path, value, detail)`).
 *
 * Lengths are measured in UTF-8 bytes, as Go's len() does.
 */
import { fieldInvalid, fieldTooLong, type FieldError } from './errors.js'

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?'
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?'
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`

const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
const DNS1035_LABEL_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character"
const QUALIFIED_NAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"

export const DNS1123_LABEL_MAX_LENGTH = 63
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253
export const DNS1035_LABEL_MAX_LENGTH = 63
export const QUALIFIED_NAME_MAX_LENGTH = 63
export const LABEL_VALUE_MAX_LENGTH = 63
/** Sum of key and value bytes over all annotations of one object. */
export const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024

const whole = (fmt: string) => new RegExp(`^${fmt}$`)
const dns1123LabelRe = whole(DNS1123_LABEL_FMT)
const dns1123SubdomainRe = whole(DNS1123_SUBDOMAIN_FMT)
const dns1035LabelRe = whole(DNS1035_LABEL_FMT)
const qualifiedNameRe = whole(QUALIFIED_NAME_FMT)
const labelValueRe = whole(LABEL_VALUE_FMT)

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8')

/** `must be no more than N characters` */
export const maxLenError = (n: number) => `must be no more than ${n} characters`

/** `must be non-empty` */
export const emptyError = () => 'must be non-empty'

/**
 * The regex explanation upstream prints. Examples are joined as `'a',  or 'b', ` — the doubled
 * space is upstream's and clients may match on it, so it is kept.
 */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`
  const shown = examples.map((e) => `'${e}', `).join(' or ')
  return `${msg} (e.g. ${shown}regex used for validation is '${fmt}')`
}

/** DNS-1123 subdomain (≤253): the default rule for object names. */
export function isDNS1123Subdomain(v: string): string[] {
  const errs: string[] = []
  if (byteLength(v) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH))
  if (!dns1123SubdomainRe.test(v))
    errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'))
  return errs
}

/** DNS-1123 label (≤63): Namespace names and similar. */
export function isDNS1123Label(v: string): string[] {
  const errs: string[] = []
  if (byteLength(v) > DNS1123_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH))
  if (!dns1123LabelRe.test(v)) {
    // A valid subdomain that is not a valid label can only differ by its dots.
    if (dns1123SubdomainRe.test(v)) errs.push('must not contain dots')
    else errs.push(regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc'))
  }
  return errs
}

/** DNS-1035 label (≤63, starts with a letter): Service names. */
export function isDNS1035Label(v: string): string[] {
  const errs: string[] = []
  if (byteLength(v) > DNS1035_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1035_LABEL_MAX_LENGTH))
  if (!dns1035LabelRe.test(v))
    errs.push(regexError(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, 'my-name', 'abc-123'))
  return errs
}

/**
 * Qualified name: `[prefix/]name`, prefix a DNS-1123 subdomain, name ≤63 of the qualified-name
 * charset. Used for label and annotation keys and finalizers.
 */
export function isQualifiedName(v: string): string[] {
  const errs: string[] = []
  const parts = v.split('/')
  let name: string
  if (parts.length === 1) {
    name = parts[0]
  } else if (parts.length === 2) {
    const prefix = parts[0]
    name = parts[1]
    if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`)
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`))
  } else {
    return [
      'a qualified name ' +
        regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc') +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]
  }
  if (name.length === 0) errs.push(`name part ${emptyError()}`)
  else if (byteLength(name) > QUALIFIED_NAME_MAX_LENGTH)
    errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX_LENGTH)}`)
  if (!qualifiedNameRe.test(name)) {
    errs.push(
      `name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`,
    )
  }
  return errs
}

/** Label value: empty, or ≤63 of the qualified-name charset. */
export function isValidLabelValue(v: string): string[] {
  const errs: string[] = []
  if (byteLength(v) > LABEL_VALUE_MAX_LENGTH) errs.push(maxLenError(LABEL_VALUE_MAX_LENGTH))
  if (!labelValueRe.test(v))
    errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'))
  return errs
}

/**
 * Names that become one URL path segment / storage key segment. With `prefix` (generateName),
 * only forbidden substrings are checked, since a suffix follows.
 */
export function validatePathSegmentName(name: string, prefix: boolean): string[] {
  if (!prefix) {
    for (const bad of ['.', '..']) if (name === bad) return [`may not be '${bad}'`]
  }
  return ['/', '%'].filter((bad) => name.includes(bad)).map((bad) => `may not contain '${bad}'`)
}

/** Same as isQualifiedName: the label key rule. */
export const validateLabelKey = isQualifiedName

/** Same as isValidLabelValue. */
export const validateLabelValue = isValidLabelValue

/** Field errors for metadata.labels (keys then values, per entry), as ValidateLabels reports them. */
export function validateLabels(labels: Record<string, string> | undefined, fieldPath: string): FieldError[] {
  const out: FieldError[] = []
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const msg of isQualifiedName(k)) out.push(fieldInvalid(fieldPath, k, msg))
    for (const msg of isValidLabelValue(String(v))) out.push(fieldInvalid(fieldPath, v, msg))
  }
  return out
}

/**
 * Field errors for metadata.annotations: keys are qualified names compared case-insensitively;
 * the total size of keys and values is limited to 256 KiB.
 */
export function validateAnnotations(
  annotations: Record<string, string> | undefined,
  fieldPath: string,
): FieldError[] {
  const out: FieldError[] = []
  let total = 0
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const msg of isQualifiedName(k.toLowerCase())) out.push(fieldInvalid(fieldPath, k, msg))
    total += byteLength(k) + byteLength(String(v))
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES)
    out.push(fieldTooLong(fieldPath, TOTAL_ANNOTATION_SIZE_LIMIT_BYTES))
  return out
}
