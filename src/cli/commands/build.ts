import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { defineCommand } from 'citty';
import type { BuildSiteOptions, BuildSiteResult } from '../../node/build-site.ts';
import { defaultCacheDir } from '../../node/build-site.ts';
import { loadConfig } from '../../node/load-config.ts';
import { normalizeBase } from '../../node/site-links.ts';
import type { ArgRules } from '../args.ts';
import { usageError } from '../usage-error.ts';

export const argRules: ArgRules = { variadic: true };

export default defineCommand({
  meta: {
    name: 'build',
    description:
      'Build the static report site (overview, backlog, event flow, evidence, search) from evidence bundles. ' +
      'Each input is an evidence folder (every subfolder or tarball in it is one bundle), a bundle folder, or a ' +
      `.tar/.tar.gz/.tgz bundle. Inputs are only read. Incremental: an output already built from the same ` +
      'inputs, config and evidex is kept as it is, and a bundle analyzed before with the same content, config and ' +
      `evidex is not analyzed again. Intermediate files and analyses go to ${defaultCacheDir()} (EVIDEX_CACHE_DIR).`,
  },
  args: {
    input: {
      type: 'positional',
      description: 'Evidence folder, bundle folder or bundle tarball; give several to combine them',
      required: true,
    },
    out: {
      type: 'string',
      description: 'Output folder for the site (emptied first; never inside an input)',
      default: 'dist/site',
      valueHint: 'dist/site',
    },
    config: {
      type: 'string',
      description: 'Config file (YAML or JSON): thresholds, priorities, rules off, accepted findings',
      valueHint: 'evidex.config.yaml',
    },
    base: {
      type: 'string',
      description: 'URL sub-path the site is served under (links are relative, so it also opens from file://)',
      default: '/',
      valueHint: '/reports/',
    },
    search: {
      type: 'boolean',
      description: 'Build the Pagefind search index (default)',
      default: true,
      negativeDescription: 'Skip the search index',
    },
    force: {
      type: 'boolean',
      description: 'Render the site even when the output is up to date (analyses still come from the cache)',
      default: false,
    },
  },
  async run({ args }) {
    const inputs = args._.map(String);
    const base = normalizeBase(String(args.base));
    if (!base) throw usageError(`--base must be a URL path such as /reports/ (got '${args.base}')`);
    const config = await loadConfig(args.config);
    const started = Date.now();
    const options: BuildSiteOptions = {
      inputs,
      outDir: args.out,
      base,
      ...(config ? { config } : {}),
      search: args.search !== false,
      force: args.force === true,
      log: (line) => process.stderr.write(`evidex: ${line}\n`),
    };
    const { buildSite, getUpToDateBuild } = await import('../../node/build-site.ts');
    if (!process.env['EVIDEX_BUILD_WORKER']) {
      // An output that is up to date needs no build process (nor Astro): answered here, in well under a second.
      const kept = options.force ? undefined : await getUpToDateBuild(options);
      if (!kept) return superviseBuild();
      options.log?.(`${kept.outDir} is up to date: nothing changed since it was built (--force renders it again)`);
      return report(kept, started);
    }
    report(await buildSite(options), started);
  },
});

function report(result: BuildSiteResult, started: number): void {
  const findings = result.bundles.reduce((n, b) => n + b.findings, 0);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const analyzed = result.upToDate
    ? 'up to date, nothing rebuilt'
    : `${result.analyzed} analyzed, ${result.bundles.length - result.analyzed} from the cache`;
  process.stderr.write(
    `evidex: ${result.pages} pages, ${result.bundles.length} bundle(s) ` +
      `(${analyzed}), ${findings} findings in ${seconds}s\n`,
  );
  process.stdout.write(`${result.outDir}\n`);
}

/**
 * Run the build in a child process that leads its own process group, and end that whole group when the
 * build ends or is interrupted: Astro's esbuild service and Pagefind's indexer never outlive `evidex build`.
 */
function superviseBuild(): Promise<void> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...process.argv.slice(2)], {
    detached: true,
    stdio: 'inherit',
    env: { ...process.env, EVIDEX_BUILD_WORKER: '1' },
  });
  const endGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const forward = (signal: NodeJS.Signals) => endGroup(signal);
  for (const s of signals) process.on(s, forward);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      endGroup('SIGTERM');
      for (const s of signals) process.off(s, forward);
      process.exitCode = code ?? (signal ? 128 + constants.signals[signal] : 2);
      resolve();
    });
  });
}
