/**
 * User names double as directory names (`DATA/users/NAME`), so they are restricted to a safe set.
 * A leading underscore is allowed so the server can keep reserved maildirs such as `_held` (mail to
 * foreign domains, kept in the sandbox, never relayed).
 */
export const USER_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/;

export function isValidUserName(name: string): boolean {
  return USER_NAME_PATTERN.test(name);
}
