// The crash headlines and continuations of runtimes other than Python, Java, Node and Go (crash-lines.ts), on the
// lines of real logs in test/fixtures/public/docker-logs (SOURCES.md there) and on near misses.
import { describe, expect, it } from 'vitest';
import { continuesCrash, isCrashHeadline, messageOnNextLine } from '../../src/core/parsers/crash-lines.ts';

describe('crash headlines', () => {
  it.each([
    ["thread 'main' (13) panicked at /usr/local/cargo/registry/src/rocket-0.5.1/src/error.rs:279:9:", true],
    ["thread 'main' panicked at common/datagen/datagen.rs:95:14:", true],
    ["thread 'main' panicked at 'broken pipe', src/main.rs:21:9", true],
    ['Unhandled exception. System.Net.Sockets.SocketException (111): Connection refused', true],
    ['Unhandled Exception: System.NullReferenceException: Object reference not set to an instance of an object.', true],
    [
      "/usr/src/app/lib/parking_scraper.rb:14:in `overpass_to_geojson': undefined method `[]' for nil:NilClass " +
        '(NoMethodError)',
      true,
    ],
    [
      'PHP Fatal error:  Uncaught Swoole\\Error: The given object is not a valid coroutine CurlMultiHandle object',
      true,
    ],
    ["** (Mix) The database for CodeCorps.Repo couldn't be created: FATAL (cannot_connect_now)", true],
    ['** (Postgrex.Error) FATAL (cannot_connect_now): the database system is starting up', true],
    // Near misses: ordinary lines that share a start or an end.
    ["thread 'main' started", false],
    ['Unhandled requests: 3', false],
    ['lib/x.rb:14: warning: already initialized constant (FOO)', false],
    ["x.rb:14:in `f': done (ok)", false],
    ['** note: nothing', false],
    ['PHP Warning:  Undefined variable $x', false],
    ['', false],
  ])('%s → %s', (line, want) => {
    expect(isCrashHeadline(line)).toBe(want);
  });

  it('a Rust 1.73+ headline (ending in ":") puts its message on the next line; the older form does not', () => {
    expect(messageOnNextLine("thread 'main' panicked at src/main.rs:5:5:")).toBe(true);
    expect(messageOnNextLine("thread 'main' panicked at 'boom', src/main.rs:5:5")).toBe(false);
    expect(messageOnNextLine('PHP Fatal error:  Uncaught Exception: x in /a.php:3:')).toBe(false);
  });

  it('frames, notes and markers continue a crash; a new record does not', () => {
    for (const line of [
      '   0:     0x7f079f498d42 - core::fmt::write::h469843d235cc4241',
      "\tfrom /usr/local/lib/ruby/2.3.0/csv.rb:1748:in `each'",
      '   at AWS.Logger.Core.AWSLoggerCore.Finalize()',
      'note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace',
      'stack backtrace:',
      'Stack trace:',
      '#0 /var/www/app/src/Controller/TestController.php(91): request()',
      'Last message: nil',
      'State: Postgrex.Protocol',
    ])
      expect(continuesCrash(line, false), line).toBe(true);
    expect(continuesCrash('aborting due to invalid configuration', true)).toBe(true);
    expect(continuesCrash('aborting due to invalid configuration', false)).toBe(false);
    expect(continuesCrash('2026-05-24T13:32:54Z INFO next record', false)).toBe(false);
  });
  // Linear time: their adversarial fragments are in test/security/adversarial-fragments.ts, run with every pattern.
});
