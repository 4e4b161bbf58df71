/** Why a file's bytes did not decode cleanly as text. */
export interface DecodeIssue {
  kind: 'binary' | 'encoding';
  message: string;
}

/** Decoded text of one file; `issue` says when it is binary (text is '') or was repaired. */
export interface DecodedText {
  text: string;
  issue?: DecodeIssue;
}

const SNIFF_BYTES = 8 * 1024;
const MAX_CONTROL_SHARE = 0.3;

/**
 * Decode captured bytes: UTF-8 (BOM stripped), UTF-16 LE/BE when a BOM says so, invalid UTF-8 with
 * U+FFFD and an 'encoding' issue, and binary (NUL bytes or mostly control bytes in the first 8 KiB)
 * as '' with a 'binary' issue. Never throws.
 */
export function decodeText(data: Uint8Array): DecodedText {
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe)
    return decodeWith('utf-16le', data.subarray(2), 'UTF-16 LE');
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff)
    return decodeWith('utf-16be', data.subarray(2), 'UTF-16 BE');
  const body = data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? data.subarray(3) : data;
  const binary = getBinaryReason(body);
  if (binary) return { text: '', issue: { kind: 'binary', message: `Binary content (${binary}); not read as text.` } };
  return decodeWith('utf-8', body, 'UTF-8');
}

/** Hex SHA-256 of the bytes, via WebCrypto (global in Node and browsers). */
export async function sha256Hex(data: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
  let hex = '';
  for (const b of new Uint8Array(digest)) hex += b.toString(16).padStart(2, '0');
  return hex;
}

function decodeWith(encoding: 'utf-8' | 'utf-16le' | 'utf-16be', bytes: Uint8Array, label: string): DecodedText {
  try {
    return { text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
    let replaced = 0;
    for (let at = text.indexOf('\uFFFD'); at >= 0; at = text.indexOf('\uFFFD', at + 1)) replaced++;
    return {
      text,
      issue: { kind: 'encoding', message: `Not valid ${label}: ${replaced} invalid sequence(s) shown as U+FFFD.` },
    };
  }
}

/**
 * Tab, LF, CR, FF, VT, backspace and ESC are common in terminal captures (ANSI colours in docker
 * logs), so they do not count as control bytes.
 */
function getBinaryReason(bytes: Uint8Array): string | undefined {
  const n = Math.min(bytes.length, SNIFF_BYTES);
  if (n === 0) return undefined;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return 'NUL bytes';
    if (
      (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x0b && b !== 0x08 && b !== 0x1b) ||
      b === 0x7f
    )
      control++;
  }
  if (control / n > MAX_CONTROL_SHARE) return `${Math.round((control / n) * 100)}% control bytes`;
  return undefined;
}

/** Decodes a file chunk by chunk; see {@link createStreamDecoder}. */
export interface StreamDecoder {
  /** Text of the next chunk (possibly '' while the head is sniffed or when the content is binary). */
  push(chunk: Uint8Array): string;
  /** Text still held back (sniffed head, an incomplete final sequence); then `issue` is final. */
  end(): string;
  /** What {@link decodeText} would report for the whole content; final after `end`. */
  readonly issue: DecodeIssue | undefined;
}

/**
 * Streaming twin of {@link decodeText}: the same BOM, UTF-16 and binary decisions on the first bytes,
 * the same text and the same issue, without holding the whole content. A second, fatal decoder runs
 * beside the repairing one until the first invalid sequence, because only it can tell a repaired
 * sequence from a real U+FFFD in the input.
 */
export function createStreamDecoder(): StreamDecoder {
  let head: Uint8Array | undefined = new Uint8Array(0);
  let decoder: TextDecoder | undefined;
  let fatal: TextDecoder | undefined;
  let label = '';
  let invalid = false;
  let binary = false;
  let replaced = 0;
  let issue: DecodeIssue | undefined;

  const start = (data: Uint8Array): Uint8Array => {
    let encoding: 'utf-8' | 'utf-16le' | 'utf-16be' = 'utf-8';
    let body = data;
    if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe)
      [encoding, label, body] = ['utf-16le', 'UTF-16 LE', data.subarray(2)];
    else if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff)
      [encoding, label, body] = ['utf-16be', 'UTF-16 BE', data.subarray(2)];
    else {
      label = 'UTF-8';
      if (data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) body = data.subarray(3);
      const reason = getBinaryReason(body);
      if (reason) {
        binary = true;
        issue = { kind: 'binary', message: `Binary content (${reason}); not read as text.` };
      }
    }
    decoder = new TextDecoder(encoding, { ignoreBOM: true });
    fatal = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
    return body;
  };

  const decode = (bytes: Uint8Array, final: boolean): string => {
    if (binary || !decoder) return '';
    const text = final ? decoder.decode(bytes) : decoder.decode(bytes, { stream: true });
    if (fatal) {
      try {
        if (final) fatal.decode(bytes);
        else fatal.decode(bytes, { stream: true });
      } catch {
        invalid = true;
        fatal = undefined;
      }
    }
    for (let at = text.indexOf('\uFFFD'); at >= 0; at = text.indexOf('\uFFFD', at + 1)) replaced++;
    return text;
  };

  return {
    push(chunk) {
      if (head) {
        // BOM (3 bytes) plus the binary sniff window must be seen at once, as decodeText sees them.
        const joined = new Uint8Array(head.length + chunk.length);
        joined.set(head);
        joined.set(chunk, head.length);
        if (joined.length < SNIFF_BYTES + 3) {
          head = joined;
          return '';
        }
        head = undefined;
        return decode(start(joined), false);
      }
      return decode(chunk, false);
    },
    end() {
      let text = '';
      if (head) {
        const data = head;
        head = undefined;
        text = decode(start(data), true);
      } else {
        text = decode(new Uint8Array(0), true);
      }
      if (!binary && invalid)
        issue = { kind: 'encoding', message: `Not valid ${label}: ${replaced} invalid sequence(s) shown as U+FFFD.` };
      return text;
    },
    get issue() {
      return issue;
    },
  };
}
