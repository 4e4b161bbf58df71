// `npm start`: build the sample evidence into dist/site unless the build there is fresh, then serve
// it on 127.0.0.1. A plain node:http static server: no directory listing, no path outside the root.
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.xml': 'application/xml',
  // Pagefind's index files are binary.
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};

/** Map a request path to a file under root, or undefined when it is outside root or malformed. */
export function resolveRequestPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]?.split('#')[0] ?? '/');
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const target = resolve(root, `.${decoded.startsWith('/') ? '' : '/'}${decoded}`);
  return target === root || target.startsWith(root + sep) ? target : undefined;
}

/**
 * Whether a Host header names this machine's loopback interface: localhost (and *.localhost, which
 * resolves to loopback by RFC 6761), 127.0.0.0/8 or [::1], with any port. Any other name is how a
 * DNS-rebinding page reaches a local server, so it is refused.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const m = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+))(?::\d{1,5})?$/i.exec(host.trim());
  if (!m) return false;
  if (m[1] !== undefined) return m[1] === '::1' || /^(?:0{0,4}:){7}0{0,3}1$/.test(m[1]);
  const name = (m[2] ?? '').toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  return /^127(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(name);
}

/**
 * Headers sent with every answer. The CSP matches the one each page carries in its <meta> (pages
 * with search also need 'wasm-unsafe-eval'); frame-ancestors only works as a header.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
    "img-src 'self' data:; " +
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * Files the build leaves in the site folder for itself, never for a browser: any path segment that
 * starts with a dot (the build stamp `.evidex-build.json` holds the absolute input paths).
 */
function isInternal(root: string, file: string): boolean {
  return relative(root, file)
    .split(sep)
    .some((seg) => seg.startsWith('.'));
}

/** How {@link createStaticServer} answers. */
export interface StaticServerOptions {
  /**
   * Which Host headers are answered; default {@link isLoopbackHost}. Only `evidex serve --allow-remote`
   * widens it, for a server bound to a non-loopback address on purpose.
   */
  allowHost?: (host: string | undefined) => boolean;
  /**
   * URL sub-path the folder is served under ('/reports/', as built with `evidex build --base`); default
   * '/'. Paths outside it are not found, and the bare prefix is redirected to it.
   */
  base?: string;
}

/** A static file server for a built site folder. */
export function createStaticServer(rootDir: string, options: StaticServerOptions = {}): Server {
  const allowHost = options.allowHost ?? isLoopbackHost;
  const base = options.base ?? '/';
  const root = realpathSync(resolve(rootDir));
  /** Inside the root after every symlink is resolved, or undefined. */
  const real = (path: string): string | undefined => {
    try {
      const r = realpathSync(path);
      return r === root || r.startsWith(root + sep) ? r : undefined;
    } catch {
      return undefined;
    }
  };
  return createServer((req, res) => {
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const refuse = 'This server answers only to localhost, 127.0.0.1 and [::1].\n';
    if (!allowHost(req.headers.host)) return send(421, refuse);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed\n', { allow: 'GET, HEAD' });
    const requested = req.url ?? '/';
    // Origin-form only ("/path"): no absolute URL, no "//host" authority that a redirect could echo.
    if (!requested.startsWith('/') || requested.startsWith('//')) return send(400, 'Bad request\n');
    const requestedPath = requested.split(/[?#]/)[0] ?? '/';
    if (base !== '/' && (requestedPath === '/' || `${requestedPath}/` === base))
      return send(301, 'Moved\n', { location: base });
    if (base !== '/' && !requested.startsWith(base)) return notFound();
    const url = base === '/' ? requested : requested.slice(base.length - 1);
    let file = resolveRequestPath(root, url);
    if (!file || isInternal(root, file)) return notFound();
    let info = statOrUndefined(file);
    if (info?.isDirectory()) {
      const pathname = url.split('?')[0] ?? '/';
      if (!pathname.endsWith('/')) {
        // Rebuilt from the resolved path, never echoed from the request: always one leading slash, same site.
        const rel = relative(root, file).split(sep).map(encodeURIComponent).join('/');
        const query = url.slice(pathname.length).split('#')[0] ?? '';
        return send(301, 'Moved\n', { location: `${base}${rel}${rel ? '/' : ''}${query}` });
      }
      file = join(file, 'index.html');
      info = statOrUndefined(file);
    }
    // Symlinks must not lead out of the root either (the file, or any folder on its way).
    if (info?.isFile() && real(file) === undefined) return notFound();
    if (!info?.isFile()) return notFound();
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': String(info.size),
      'cache-control': 'no-cache',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);

    function notFound(): void {
      const page = join(root, '404.html');
      if (statOrUndefined(page)?.isFile() && real(page) !== undefined) {
        res.writeHead(404, { ...SECURITY_HEADERS, 'content-type': TYPES['.html']! });
        if (req.method === 'HEAD') return void res.end();
        return void createReadStream(page)
          .on('error', () => res.destroy())
          .pipe(res);
      }
      send(404, 'Not found\n');
    }
  });
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Listen on `host` (127.0.0.1), trying the next ports when the wanted one is taken; resolves to the port used. */
export async function listen(server: Server, port: number, tries = 20, host = '127.0.0.1'): Promise<number> {
  for (let i = 0; i < tries; i++) {
    const want = port === 0 ? 0 : port + i;
    const ok = await new Promise<boolean>((done, fail) => {
      const onError = (err: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        if (err.code === 'EADDRINUSE' || err.code === 'EACCES') done(false);
        else fail(err);
      };
      const onListening = () => {
        server.off('error', onError);
        done(true);
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(want, host);
    });
    if (ok) {
      const addr = server.address();
      return typeof addr === 'object' && addr ? addr.port : want;
    }
  }
  throw new Error(
    tries === 1
      ? `Port ${port} is in use. Pass another --port.`
      : `No free port from ${port} to ${port + tries - 1}. Pass --port.`,
  );
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '4321' },
      out: { type: 'string', default: 'dist/site' },
      evidence: { type: 'string', default: 'evidence' },
      rebuild: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write('Usage: npm start -- [--port 4321] [--out dist/site] [--evidence evidence] [--rebuild]\n');
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a number from 0 to 65535 (got '${values.port}')`);
  const { buildSite, getUpToDateBuild } = await import('../node/build-site.ts');
  // The build's own check (inputs, sources, settings, redaction key), as `evidex build` makes it.
  const options = { inputs: [values.evidence], outDir: values.out, log: (l: string) => process.stderr.write(`${l}\n`) };
  if (values.rebuild || !(await getUpToDateBuild(options))) {
    const result = await buildSite({ ...options, force: values.rebuild === true });
    process.stderr.write(`built ${result.pages} pages from ${result.bundles.length} bundle(s)\n`);
  } else {
    process.stderr.write(`${values.out} is up to date (use --rebuild to force)\n`);
  }
  const server = createStaticServer(values.out);
  const used = await listen(server, port);
  process.stdout.write(`evidex report: http://127.0.0.1:${used}/\n`);
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`evidex: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  });
}
