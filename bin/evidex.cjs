#!/usr/bin/env node
// The installed entry point. Plain CommonJS that any Node can parse, so an old Node gets one clear
// line instead of a syntax error from the compiled CLI. Keep MIN in step with "engines" in package.json.
var MIN = [22, 19, 0];
var have = process.versions.node.split('.').map(Number);
var ok = have[0] !== MIN[0] ? have[0] > MIN[0] : have[1] !== MIN[1] ? have[1] > MIN[1] : have[2] >= MIN[2];
if (!ok) {
  var need = 'evidex: needs Node.js ' + MIN.join('.') + ' or newer';
  process.stderr.write(need + '; this is Node.js ' + process.versions.node + '.\n');
  process.exit(2);
}
var fs = require('node:fs');
var path = require('node:path');
// Cache V8's compiled code between runs (Node >= 22.1): Node's cache for the modules it loads (the
// dependencies), and below evidex's own for the compiled CLI, in a folder of the same place.
var mod = require('node:module');
var cacheDir;
if (typeof mod.enableCompileCache === 'function' && !process.env.NODE_DISABLE_COMPILE_CACHE) {
  try {
    var enabled = mod.enableCompileCache();
    // The folder of this Node's version and flags (getCompileCacheDir), where Node keeps its own entries.
    cacheDir = (typeof mod.getCompileCacheDir === 'function' && mod.getCompileCacheDir()) || enabled.directory;
  } catch (e) {
    // A read-only cache folder only costs speed.
  }
}
// In a clone the TypeScript sources run directly (Node strips the types), so edits take effect without a
// build; the published package ships only the compiled CLI (src/cli is not in "files").
var source = path.join(__dirname, '..', 'src', 'cli', 'index.ts');
if (fs.existsSync(source) && process.features && process.features.typescript) {
  import('../src/cli/index.ts').catch(cannotLoad);
} else {
  try {
    runCompiled();
  } catch (err) {
    cannotLoad(err);
  }
}

function cannotLoad(err) {
  process.stderr.write('evidex: cannot load its compiled code (' + (err && err.message) + '). Reinstall evidex.\n');
  process.exitCode = 2;
}

/**
 * Compile dist/cli/evidex.cjs as a function (the arguments of a CommonJS module, and this file's import(),
 * which a script compiled here lacks) with a V8 code cache per command, written after the command's first
 * run: made then, it holds every function the run compiled, not only the top level that Node's cache holds.
 * The cache's name carries the bundle's size and time, so an upgraded bundle never reads an old cache (V8
 * itself checks its version, its flags and the source's length).
 */
function runCompiled() {
  var vm = require('node:vm');
  var file = path.join(__dirname, '..', 'dist', 'cli', 'evidex.cjs');
  var code = fs.readFileSync(file, 'utf8');
  // One cache per command, and one for its help: a cache holds what its first run compiled, so a first run
  // that only printed help (or stopped on a usage error, which writes none) must not stand for the command.
  var args = process.argv.slice(2);
  var command = /^[a-z]{1,20}$/.test(args[0] || '') ? args[0] : 'evidex';
  if (args.indexOf('--help') >= 0 || args.indexOf('-h') >= 0) command += '-help';
  var cache;
  if (cacheDir) {
    var info = fs.statSync(file);
    var dir = path.join(cacheDir, 'evidex');
    var prefix = process.versions.node + '-' + command + '@';
    cache = { dir: dir, prefix: prefix, file: path.join(dir, prefix + info.size + '-' + Math.floor(info.mtimeMs)) };
    cache.data = readOwnFile(cache.file);
  }
  var script = new vm.Script(
    '(function (exports, require, module, __filename, __dirname, __evidexImport) {' + code + '\n})',
    cache && cache.data ? { filename: file, cachedData: cache.data } : { filename: file },
  );
  var cjs = { exports: {} };
  script.runInThisContext()(cjs.exports, mod.createRequire(file), cjs, file, path.dirname(file), function (s) {
    return import(s);
  });
  if (cache && (!cache.data || script.cachedDataRejected)) {
    process.once('exit', function (code) {
      // Exit 0 or 1: the command ran to its end (a clean result, or findings), not a usage or tool error.
      if (code === 0 || code === 1) writeCache(script, cache);
    });
  }
  cjs.exports.runCli(args);
}

/**
 * A cache file's bytes, only when this user owns it and nobody else may write it: compiled code read from a
 * shared folder (Node's default is under the system's temporary folder) must not be another user's.
 * Undefined on a first run of this command or this bundle (written at exit).
 */
function readOwnFile(file) {
  var fd;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW || 0));
    var info = fs.fstatSync(fd);
    var uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    if (!info.isFile() || (uid !== undefined && (info.uid !== uid || (info.mode & 0o022) !== 0))) return undefined;
    return fs.readFileSync(fd);
  } catch (e) {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Caches kept per command: two installs of evidex (a global one and an npx one) each keep their own. */
var KEEP = 3;

/** Write the code cache atomically (a temporary file renamed), keeping the newest of this command's others. */
function writeCache(script, cache) {
  try {
    fs.mkdirSync(cache.dir, { recursive: true, mode: 0o700 });
    var others = fs
      .readdirSync(cache.dir)
      .filter(function (name) {
        return name.startsWith(cache.prefix);
      })
      .map(function (name) {
        var at = path.join(cache.dir, name);
        return { at: at, mtime: fs.statSync(at).mtimeMs };
      })
      .sort(function (a, b) {
        return b.mtime - a.mtime;
      });
    for (var old of others.slice(KEEP - 1)) fs.rmSync(old.at, { force: true });
    var tmp = cache.file + '.' + process.pid + '.tmp';
    fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600, flag: 'wx' });
    fs.renameSync(tmp, cache.file);
  } catch (e) {
    // A cache that cannot be written only costs speed.
  }
}
