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
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) return decodeWith('utf-16le', data.subarray(2), 'UTF-16 LE');
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) return decodeWith('utf-16be', data.subarray(2), 'UTF-16 BE');
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
    return { text, issue: { kind: 'encoding', message: `Not valid ${label}: ${replaced} invalid sequence(s) shown as U+FFFD.` } };
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
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x0b && b !== 0x08 && b !== 0x1b) || b === 0x7f) control++;
  }
  if (control / n > MAX_CONTROL_SHARE) return `${Math.round((control / n) * 100)}% control bytes`;
  return undefined;
}
