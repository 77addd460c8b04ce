/**
 * True when a statement failed because it would break the named unique constraint. A check before an insert
 * cannot see a row another request is inserting at the same moment; the constraint can, so a clash found
 * by either one gets the same answer.
 */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint: violated } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && violated === constraint;
}
