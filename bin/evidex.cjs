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
// Cache V8's compiled code between runs (Node >= 22.1): later runs skip compiling the CLI's chunks.
var mod = require('node:module');
if (typeof mod.enableCompileCache === 'function' && !process.env.NODE_DISABLE_COMPILE_CACHE) {
  try {
    mod.enableCompileCache();
  } catch (e) {
    // A read-only cache folder only costs speed.
  }
}
// In a clone the TypeScript sources run directly (Node strips the types), so edits take effect without a
// build; the published package ships only the compiled CLI (src/cli is not in "files").
var fs = require('node:fs');
var path = require('node:path');
var source = path.join(__dirname, '..', 'src', 'cli', 'index.ts');
var useSource = fs.existsSync(source) && process.features && process.features.typescript;
import(useSource ? '../src/cli/index.ts' : '../dist/cli/index.js').catch(function (err) {
  process.stderr.write('evidex: cannot load its compiled code (' + (err && err.message) + '). Reinstall evidex.\n');
  process.exitCode = 2;
});
