/**
 * Tool and usage failures (not evidence problems: those are values in the Audit).
 * Names are permanent; messages say what happened, why, and what to do.
 */
export interface ErrorData<A extends unknown[] = never[]> {
  name: string;
  title: string;
  message: (...args: A) => string;
}

export const BundleNotFound = {
  name: 'BundleNotFound',
  title: 'Bundle not found.',
  message: (path: string) => `No folder or file at '${path}'. Pass a bundle folder or a .tar/.tar.gz/.tgz capture.`,
} satisfies ErrorData<[string]>;

export const ConfigInvalid = {
  name: 'ConfigInvalid',
  title: 'Configuration file is invalid.',
  message: (file: string, errors: string[]) => `${file} is invalid:\n  ${errors.join('\n  ')}`,
} satisfies ErrorData<[string, string[]]>;

export const TopologyInvalid = {
  name: 'TopologyInvalid',
  title: 'Topology file is invalid.',
  message: (file: string, errors: string[]) => `topology file ${file} is invalid (see README, "Topology file"):\n  ${errors.join('\n  ')}`,
} satisfies ErrorData<[string, string[]]>;

export const UnknownRule = {
  name: 'UnknownRule',
  title: 'No such rule.',
  message: (id: string) => `No rule '${id}'. Run 'evidex rules' to list rule ids.`,
} satisfies ErrorData<[string]>;

/** A known, user-facing failure: the CLI prints its message without a stack and exits 2. */
export class EvidexError extends Error {
  readonly code: string;
  constructor(data: ErrorData<any[]>, ...args: unknown[]) {
    super((data.message as (...a: unknown[]) => string)(...args));
    this.name = data.name;
    this.code = data.name;
  }
}
