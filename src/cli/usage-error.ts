import { EvidexError, UsageInvalid } from '../core/errors.ts';

/** A bad flag or argument: printed without a stack, exit code 2. */
export function usageError(message: string): EvidexError {
  return new EvidexError(UsageInvalid, message);
}
