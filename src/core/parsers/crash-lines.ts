// How runtimes other than Python, Java, Node and Go print the crash that ends a process, as a container's log
// shows it (formats from each runtime's own output, as real logs in test/fixtures/public/docker-logs show them):
//   Rust    thread 'main' panicked at src/main.rs:5:5:          (1.73+: the message on the next line)
//           thread 'main' (13) panicked at …                     (1.91+: the thread id)
//           thread 'main' panicked at 'broken pipe', src/main.rs:21:9   (before 1.73)
//           note: run with `RUST_BACKTRACE=1` …  /  stack backtrace:  /     0: frames
//   .NET    Unhandled exception. System.InvalidOperationException: …   (Core 1.x: "Unhandled Exception: …")
//              at Namespace.Type.Method() in /src/File.cs:line 12
//   Ruby    /app/lib/x.rb:14:in `method': undefined method `[]' for nil:NilClass (NoMethodError)
//           	from /app/lib/x.rb:27:in `block in <module:X>'
//   PHP     PHP Fatal error:  Uncaught Exception: … in /var/www/x.php:176
//           Stack trace:  /  #0 /var/www/x.php(176): f()  /    thrown in /var/www/x.php on line 176
//   Elixir  ** (Mix) The database for App.Repo couldn't be created: …
//           ** (Postgrex.Error) FATAL …  /      (app) lib/x.ex:148: Mod.fun/2  /  Last message: …  /  State: …
// A headline is an error event; the lines that continue it (frames, notes, a Rust message) are part of it.

const RUST_PANIC = /^thread '[^']*'(?: \(\d+\))? panicked at /;
const DOTNET_UNHANDLED = /^Unhandled [Ee]xception[.:] /;
const PHP_FATAL = /^(?:PHP )?(?:Fatal error|Parse error): /;
const ELIXIR_RAISE = /^\*\* \([\w.]+\) /;
const RUBY_RAISE = /^[^\s:]+\.rb:\d+:in [`']/;
const RUBY_CLASS = /^[A-Z][\w:]*$/;

/** Whether `line` (its timestamp and level already taken off) is the headline of a crash of one of these runtimes. */
export function isCrashHeadline(line: string): boolean {
  const c = line.charCodeAt(0);
  if (c === 116) return RUST_PANIC.test(line); // t
  if (c === 85) return DOTNET_UNHANDLED.test(line); // U
  if (c === 80 || c === 70) return PHP_FATAL.test(line); // P, F
  if (c === 42) return ELIXIR_RAISE.test(line); // *
  return rubyRaise(line);
}

/** `file.rb:14:in 'method': message (ClassName)`: Ruby's uncaught exception line. */
function rubyRaise(line: string): boolean {
  if (line.charCodeAt(line.length - 1) !== 41 || !RUBY_RAISE.test(line)) return false;
  const open = line.lastIndexOf(' (');
  return open > 0 && RUBY_CLASS.test(line.slice(open + 2, -1));
}

/** Lines that go on a crash record whatever precedes them: notes, markers and frames of these runtimes. */
const CONTINUES = /^(?:note: |stack backtrace:|Stack trace:|#\d+ |Last message: |State: |Client \S+ is alive)/;

/**
 * Whether `line` continues an open crash record: indented (frames, `from …`, `thrown in …`), one of the markers
 * above, or — `messageNext` — the message line a Rust 1.73+ headline (ending in ':') puts on the next line.
 */
export function continuesCrash(line: string, messageNext: boolean): boolean {
  const c = line.charCodeAt(0);
  if (c === 32 || c === 9) return true;
  return messageNext || CONTINUES.test(line);
}

/** Whether a crash headline puts its message on the next line (Rust 1.73+: `… panicked at src/main.rs:5:5:`). */
export const messageOnNextLine = (headline: string): boolean =>
  headline.charCodeAt(headline.length - 1) === 58 && RUST_PANIC.test(headline);
