// Detection reads a file's head only: a first line longer than the head is cut, not handed whole to
// every detector (a 1 MiB line of blanks made each detector's own scan cost a full pass over it).
import { describe, expect, it } from 'vitest';
import { parsers } from '../../src/core/parsers/index.ts';
import type { Parser } from '../../src/core/parsers/parser.ts';
import { classify, DETECT_HEAD_CHARS } from '../../src/core/run/classify.ts';
import { parseFile } from '../../src/core/run/parse-file.ts';

/** The parsers, each wrapped to record the length of every text its detector was given. */
function watched(): { list: Parser[]; seen: number[] } {
  const seen: number[] = [];
  const list = parsers.map((p) => ({
    ...p,
    detect: (text: string, name: string) => {
      seen.push(text.length);
      return p.detect(text, name);
    },
  })) as Parser[];
  return { list, seen };
}

describe('classify', () => {
  it('cuts a head at its last line end', () => {
    const line = `${'x'.repeat(99)}\n`;
    const text = line.repeat(Math.ceil((2 * DETECT_HEAD_CHARS) / line.length));
    const { list, seen } = watched();
    classify(list, text, 'raw/logs_tail_app.txt');
    expect(seen.length).toBe(parsers.length);
    const cut = text.lastIndexOf('\n', DETECT_HEAD_CHARS) + 1;
    expect(new Set(seen)).toEqual(new Set([cut]));
  });

  it('cuts a first line longer than the head at the head, and still finds a log in it', () => {
    const text = `2025-12-24 04:53:01,094 - svc - ERROR - ${'pad '.repeat(2 ** 18)}\n`;
    const { list, seen } = watched();
    const claim = classify(list, text, 'raw/logs_tail_app.txt');
    expect(Math.max(...seen)).toBe(DETECT_HEAD_CHARS);
    expect(claim?.parser.id).toBe('docker-logs');
  });

  it('gives a text shorter than the head to the detectors whole', () => {
    const text = ' '.repeat(1000);
    const { list, seen } = watched();
    expect(classify(list, text, 'notes.txt')).toBeUndefined();
    expect(new Set(seen)).toEqual(new Set([1000]));
  });
});

describe('classify: the first parser of the highest score', () => {
  const fake = (id: string, score: number, asked: string[]): Parser =>
    ({
      ...parsers[0]!,
      id,
      detect: () => {
        asked.push(id);
        return score;
      },
    }) as Parser;

  it('asks no parser after one that is certain, and a later certain one does not take a tie', () => {
    const asked: string[] = [];
    const list = [fake('a', 0.9, asked), fake('b', 1, asked), fake('c', 1, asked), fake('d', 0.7, asked)];
    expect(classify(list, 'text\n', 'x.txt')?.parser.id).toBe('b');
    expect(asked).toEqual(['a', 'b']);
  });

  it('asks every parser when none is certain, and the higher score wins over the earlier', () => {
    const asked: string[] = [];
    const list = [fake('a', 0.6, asked), fake('b', 0.95, asked), fake('c', 0.95, asked), fake('d', 0.7, asked)];
    expect(classify(list, 'text\n', 'x.txt')?.parser.id).toBe('b');
    expect(asked).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('classify: text under a log file name', () => {
  const plain = 'Listening on port 8080\nConnected to database orders\nReceived SIGTERM, shutting down\n';
  const psText =
    'CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n' +
    'a1b2c3d4e5f6   redis     "redis"   2 hours ago   Up 2 hours   6379/tcp   cache\n';

  it('is that container output when no parser claims it: an app may print plain lines', () => {
    expect(classify(parsers, plain, 'raw/logs_tail_app.txt')?.parser.id).toBe('docker-logs');
    expect(classify(parsers, plain, 'raw/app.log')?.parser.id).toBe('docker-logs');
  });

  it('is not a log under a name that does not say log: the name alone cannot invent a container', () => {
    expect(classify(parsers, plain, 'raw/capture.txt')).toBeUndefined();
    expect(classify(parsers, plain, 'raw/catalog.txt')).toBeUndefined();
  });

  it('goes to the parser its content names first, whatever the file is called', () => {
    expect(classify(parsers, psText, 'raw/logs_tail_app.txt')?.parser.id).toBe('docker-ps');
  });

  it('is read section by section when it is several commands pasted from a terminal', () => {
    const transcript =
      '$ uname -a\nLinux h 6.1.0 #1 SMP x86_64 GNU/Linux\n' +
      '$ uptime\n 23:46:17 up 3:24,  0 users,  load average: 0.5, 0.4, 0.3\n';
    expect(classify(parsers, transcript, 'cmd-output/host.log')).toBeUndefined();
    const read = parseFile(parsers, 'cmd-output/host.log', transcript);
    expect(read.kind).toBe('uname+uptime');
  });

  it('is not claimed when the log detector refuses it (NUL bytes, another command glued on, blank)', () => {
    expect(classify(parsers, `${plain}\0\n`, 'raw/logs_tail_app.txt')).toBeUndefined();
    expect(
      classify(parsers, `${plain}---\nLinux h 6.1.0 #1 SMP x86_64 GNU/Linux\n`, 'raw/logs_tail_app.txt'),
    ).toBeUndefined();
    expect(classify(parsers, '\n \n', 'raw/logs_tail_app.txt')).toBeUndefined();
  });
});
