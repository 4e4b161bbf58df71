/**
 * Tool and usage failures (not evidence problems: those are values in the Audit).
 * Names are permanent; messages say what happened, why, and what to do.
 */
export interface ErrorData<A extends unknown[] = never[]> {
  name: string;
  title: string;
  message: (...args: A) => string;
  /**
   * Process exit code when the CLI stops on this error: 2 (usage or tool error, the default) or 3 (evidence unusable).
   */
  exitCode?: 2 | 3;
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
  message: (file: string, errors: string[]) =>
    `topology file ${file} is invalid (see README, "Topology file"):\n  ${errors.join('\n  ')}`,
} satisfies ErrorData<[string, string[]]>;

export const UnknownRule = {
  name: 'UnknownRule',
  title: 'No such rule.',
  message: (id: string) => `No rule '${id}'. Run 'evidex rules' to list rule ids.`,
} satisfies ErrorData<[string]>;

export const UsageInvalid = {
  name: 'UsageInvalid',
  title: 'Invalid usage.',
  message: (problem: string) => problem,
} satisfies ErrorData<[string]>;

export const EvidenceUnusable = {
  name: 'EvidenceUnusable',
  title: 'Nothing in the bundle can be used as evidence.',
  message: (bundle: string, why: string) =>
    `Nothing in '${bundle}' can be used as evidence: ${why}. Check that it is a capture from the evidence script.`,
  exitCode: 3,
} satisfies ErrorData<[string, string]>;

export const RedactIntoInput = {
  name: 'RedactIntoInput',
  title: 'Refusing to write the redacted copy inside the evidence.',
  message: (out: string, bundle: string) =>
    `Refusing to write into '${out}': it overlaps the bundle '${bundle}', and evidence is never modified. ` +
    'Pick a folder outside it.',
} satisfies ErrorData<[string, string]>;

export const OutputNotEmpty = {
  name: 'OutputNotEmpty',
  title: 'Output folder is not empty.',
  message: (out: string) =>
    `'${out}' already exists and is not empty; stale files would end up in the copy. Pick a new folder, or ` +
    'pass --force to replace it.',
} satisfies ErrorData<[string]>;

export const OutputExists = {
  name: 'OutputExists',
  title: 'Output file exists.',
  message: (out: string) => `'${out}' already exists. Pick another file, or pass --force to replace it.`,
} satisfies ErrorData<[string]>;

export const OutputIsLink = {
  name: 'OutputIsLink',
  title: 'Output path is a symbolic link.',
  message: (out: string) => `Refusing to write through '${out}': it is a symbolic link. Pass the real folder instead.`,
} satisfies ErrorData<[string]>;

export const OutputWriteFailed = {
  name: 'OutputWriteFailed',
  title: 'Could not write the output.',
  message: (out: string, why: string) => `Could not write '${out}': ${why}. Nothing was left behind.`,
} satisfies ErrorData<[string, string]>;

export const BuildInputMissing = {
  name: 'BuildInputMissing',
  title: 'Build input not found.',
  message: (input: string) =>
    `No folder or file at '${input}'. Pass an evidence folder, a bundle folder or a .tar/.tar.gz/.tgz bundle.`,
} satisfies ErrorData<[string]>;

export const BuildNoBundles = {
  name: 'BuildNoBundles',
  title: 'No bundles to build.',
  message: (inputs: string) =>
    `No bundles found in ${inputs}: expected folders of captured files or .tar/.tar.gz/.tgz bundles.`,
  exitCode: 3,
} satisfies ErrorData<[string]>;

export const BuildOutDirUnsafe = {
  name: 'BuildOutDirUnsafe',
  title: 'Refusing this output folder.',
  message: (out: string, why: string) =>
    `Refusing to write the site to '${out}': ${why}. Pick an empty folder such as dist/site.`,
} satisfies ErrorData<[string, string]>;

export const BuildFailed = {
  name: 'BuildFailed',
  title: 'The site build failed.',
  message: (step: string, why: string) =>
    `The site build failed while ${step}: ${why}. Run again with EVIDEX_DEBUG=1 for the full log.`,
} satisfies ErrorData<[string, string]>;

export const AnalysisOutOfMemory = {
  name: 'AnalysisOutOfMemory',
  title: 'The analysis ran out of memory.',
  message: (bundle: string) =>
    `The analysis of '${bundle}' ran out of memory. Give Node a larger heap ` +
    '(NODE_OPTIONS=--max-old-space-size=4096 evidex …), or analyze a smaller capture.',
} satisfies ErrorData<[string]>;

/** A known, user-facing failure: the CLI prints its message without a stack and exits with `exitCode`. */
export class EvidexError extends Error {
  readonly code: string;
  /** The exit code the CLI ends with: 3 when the evidence is unusable, else 2. */
  readonly exitCode: 2 | 3;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any catalogue entry, whatever its arguments
  constructor(data: ErrorData<any[]>, ...args: unknown[]) {
    super((data.message as (...a: unknown[]) => string)(...args));
    this.name = data.name;
    this.code = data.name;
    this.exitCode = data.exitCode ?? 2;
  }
}
