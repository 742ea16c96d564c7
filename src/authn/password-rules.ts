/**
 * KubeSphere's password rules (auth.md §6.2, the User CRD's schema for spec.password): 8 to 64
 * characters with a lowercase letter, an uppercase letter and a digit, no newline; or a value
 * that is already a bcrypt hash.
 */
import type { FieldError } from '../apimachinery/errors.js'

export const PASSWORD_MIN_LENGTH = 8
export const PASSWORD_MAX_LENGTH = 64
/** The CRD's pattern, quoted in error details exactly as kube-apiserver would. */
export const PASSWORD_PATTERN =
  '^(.*[a-z].*[A-Z].*[0-9].*)$|^(.*[a-z].*[0-9].*[A-Z].*)$|^(.*[A-Z].*[a-z].*[0-9].*)$|^(.*[A-Z].*[0-9].*[a-z].*)$|^(.*[0-9].*[a-z].*[A-Z].*)$|^(.*[0-9].*[A-Z].*[a-z].*)$|^(\\$2[ayb]\\$.{56})$'

/**
 * The field errors for a plaintext password, in the CRD validation's wording but without the
 * value: a rejected password is never echoed back (or into a log).
 */
export function passwordErrors(password: string, field = 'spec.password'): FieldError[] {
  const errs: FieldError[] = []
  // Lengths count characters (code points), as the schema validator does.
  const length = [...password].length
  if (length < PASSWORD_MIN_LENGTH) {
    errs.push({ type: 'FieldValueInvalid', field, detail: `${field} in body should be at least ${PASSWORD_MIN_LENGTH} chars long` })
  }
  if (length > PASSWORD_MAX_LENGTH) {
    errs.push({ type: 'FieldValueTooLong', field, detail: `may not be longer than ${PASSWORD_MAX_LENGTH}` })
  }
  // `.` in the schema's (RE2) pattern matches anything but a newline.
  const shaped = !password.includes('\n') && /[a-z]/.test(password) && /[A-Z]/.test(password) && /[0-9]/.test(password)
  if (!shaped) errs.push({ type: 'FieldValueInvalid', field, detail: `${field} in body should match '${PASSWORD_PATTERN}'` })
  return errs
}
