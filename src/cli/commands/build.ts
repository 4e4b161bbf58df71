import { defineCommand } from 'citty';
import { buildSite } from '../../node/build-site.ts';
import { loadConfig } from '../../node/load-config.ts';
import { usageError } from '../usage-error.ts';

export default defineCommand({
  meta: { name: 'build', description: 'Build the static report site (overview, backlog, event flow, evidence, search) from evidence bundles.' },
  args: {
    out: { type: 'string', description: 'Output folder for the site', default: 'dist/site', valueHint: 'dist/site' },
    config: { type: 'string', description: 'Config file (YAML or JSON): thresholds, priorities, rules off, accepted findings', valueHint: 'evidex.config.yaml' },
    search: { type: 'boolean', description: 'Build the Pagefind search index (default)', default: true, negativeDescription: 'Skip the search index' },
  },
  async run({ args }) {
    const inputs = args._.map(String);
    if (inputs.length === 0) throw usageError('pass an evidence folder or one or more bundles, e.g. `evidex build evidence --out dist/site`');
    if (!args.out) throw usageError('--out needs a folder');
    const config = loadConfig(args.config);
    const started = Date.now();
    const result = await buildSite({
      inputs,
      outDir: args.out,
      ...(config ? { config } : {}),
      search: args.search !== false,
      log: (line) => process.stderr.write(`evidex: ${line}\n`),
    });
    const findings = result.bundles.reduce((n, b) => n + b.findings, 0);
    process.stderr.write(`evidex: ${result.pages} pages, ${result.bundles.length} bundle(s), ${findings} findings in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
    process.stdout.write(`${result.outDir}\n`);
  },
});
