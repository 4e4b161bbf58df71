import { config } from 'zod';

/** zod's one global setting for the CLI: schemas check values without compiling code for each (jitless). */
export function configureZod(): void {
  config({ jitless: true });
}
