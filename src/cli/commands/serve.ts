import { existsSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { defineCommand } from 'citty';
import { normalizeBase } from '../../node/site-links.ts';
import { usageError } from '../usage-error.ts';
import { createStaticServer, isLoopbackHost, listen } from '../serve.ts';

/** Loopback addresses and names `--host` takes without `--allow-remote`. */
const isLoopbackAddress = (host: string) =>
  host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));

export default defineCommand({
  meta: {
    name: 'serve',
    description:
      'Serve a built report site (the folder `evidex build` wrote) on this machine only: GET and HEAD, no ' +
      'directory listing, nothing outside the folder, only Host names of this machine answered. Ctrl-C stops it.',
  },
  args: {
    dir: { type: 'positional', description: 'Built site folder (holding index.html)', required: true },
    port: {
      type: 'string',
      description: 'Port; taken → error. Without --port, 4321 or the next free one (0: any free port)',
      valueHint: '4321',
    },
    host: {
      type: 'string',
      description: 'Address to listen on: 127.0.0.1 (default), ::1 or localhost; any other needs --allow-remote',
      default: '127.0.0.1',
      valueHint: '127.0.0.1',
    },
    base: {
      type: 'string',
      description: 'URL sub-path to serve the folder under, as it was built (`evidex build --base /reports/`)',
      default: '/',
      valueHint: '/reports/',
    },
    'allow-remote': {
      type: 'boolean',
      description: 'Allow a non-loopback --host, and answer other machines (the reports then leave this host)',
      default: false,
    },
  },
  async run({ args }) {
    const dir = resolve(String(args.dir));
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw usageError(`No folder at '${args.dir}'.`);
    if (!existsSync(join(dir, 'index.html')))
      throw usageError(
        `'${args.dir}' holds no index.html: not a built site. Build one ` +
          `with 'evidex build evidence --out ${args.dir}'.`,
      );
    const host = String(args.host);
    const remote = args['allow-remote'] === true;
    if (!isLoopbackAddress(host) && !remote)
      throw usageError(
        `--host ${host} is not a loopback address: the reports would be reachable ` +
          'from other machines. Pass --allow-remote to mean it.',
      );
    const explicit = args.port !== undefined;
    const port = explicit ? Number(args.port) : 4321;
    if (!/^\d+$/.test(String(args.port ?? '4321')) || port > 65535)
      throw usageError(`--port must be a number from 0 to 65535 (got '${args.port}')`);
    const base = normalizeBase(String(args.base));
    if (!base) throw usageError(`--base must be a URL path such as /reports/ (got '${args.base}')`);
    const server = createStaticServer(dir, { base, allowHost: remote ? () => true : isLoopbackHost });
    let used: number;
    try {
      used = await listen(server, port, explicit ? 1 : 20, host === 'localhost' ? '127.0.0.1' : host);
    } catch (err) {
      throw usageError(`Cannot listen on ${host}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (remote)
      process.stderr.write(`evidex: serving to other machines on ${host}: anyone who can reach it reads the reports\n`);
    const shown = host.includes(':') ? `[${host}]` : host === 'localhost' ? '127.0.0.1' : host;
    process.stdout.write(`evidex report: http://${shown}:${used}${base}\n`);
    await new Promise<void>((done) => {
      const stop = () => {
        server.close(() => done());
        server.closeAllConnections();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
});
