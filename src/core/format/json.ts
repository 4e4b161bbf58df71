// `JSON.stringify(value, null, indent)` in pieces, for an output too large to hold twice: the audit of a
// busy host prints megabytes, and one string of it (plus the stream's copy of it as bytes) is the last
// high-water mark of `analyze --json`. The pieces joined are exactly the one string, byte for byte: the
// same key order, indentation, escapes (strings and keys are quoted by JSON.stringify itself), `null`
// for NaN and ±Infinity, undefined, functions and symbols dropped from objects and `null` in arrays,
// `toJSON(key)` called with the key, and this realm's boxed primitives unboxed.

/** How {@link jsonPieces} cuts its output. */
export interface JsonPieceOptions {
  /** Spaces per level, as JSON.stringify's `space` number (clamped to 0…10); 0 prints on one line. */
  indent?: number;
  /** A piece is handed out once it holds at least this many characters; the last may be shorter. */
  pieceChars?: number;
  /**
   * Members (counted at every level) of a value JSON.stringify writes in one go, for speed; a larger one is
   * written member by member. 0 writes every non-empty object and array member by member (tests do).
   */
  nativeMembers?: number;
}

/** Pieces of 64 Ki characters: large enough that writing them costs nothing, small enough to hold many. */
export const JSON_PIECE_CHARS = 64 * 1024;

/**
 * The pieces of `JSON.stringify(value, null, indent)`, produced as they are asked for. Like JSON.stringify it
 * throws a TypeError for a circular structure or a BigInt, and gives nothing at all for a value that has no
 * JSON form (undefined, a function, a symbol).
 */
export function* jsonPieces(value: unknown, options: JsonPieceOptions = {}): Generator<string, void, undefined> {
  const indent = Math.max(0, Math.min(10, Math.floor(options.indent ?? 2)));
  const writer = new PieceWriter(
    ' '.repeat(indent),
    options.pieceChars ?? JSON_PIECE_CHARS,
    options.nativeMembers ?? NATIVE_MEMBERS,
  );
  const root = jsonValue(value, '');
  if (root === undefined) return;
  yield* writer.value(root, '');
  if (writer.out !== '') yield writer.out;
}

/** A value that has a JSON form: after toJSON and unboxing, not undefined, a function or a symbol. */
type Resolved = null | boolean | number | string | object;

/**
 * SerializeJSONProperty's first steps: `toJSON(key)` on objects and BigInts, boxed primitives unboxed;
 * undefined when the value is left out of an object (and is `null` in an array).
 */
function jsonValue(value: unknown, key: string): Resolved | undefined {
  let v = value;
  if ((typeof v === 'object' && v !== null) || typeof v === 'bigint') {
    const toJSON = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') v = toJSON.call(v, key) as unknown;
  }
  if (typeof v === 'object' && v !== null) {
    if (v instanceof Number) v = Number(v);
    else if (v instanceof String) v = String(v);
    else if (v instanceof Boolean || v instanceof BigInt) v = v.valueOf();
  }
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  if (typeof v === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
  return v as Resolved;
}

class PieceWriter {
  /** Text not yet handed out. */
  out = '';
  /** The objects being written, outermost first: meeting one again is a cycle. */
  private readonly open: object[] = [];

  private readonly gap: string;
  private readonly pieceChars: number;
  private readonly nativeMembers: number;

  constructor(gap: string, pieceChars: number, nativeMembers: number) {
    this.gap = gap;
    this.pieceChars = pieceChars;
    this.nativeMembers = nativeMembers;
  }

  /** Write a resolved value whose first line continues the current one and whose last closes at `indent`. */
  *value(v: Resolved, indent: string): Generator<string, void, undefined> {
    if (typeof v !== 'object' || v === null) {
      this.out += scalar(v);
    } else if (isSmall(v, this.nativeMembers)) {
      // JSON.stringify itself, for speed: its form of `v` is the one written here once its lines are indented
      // (it never prints a line break of its own inside a string).
      const text = JSON.stringify(v, null, this.gap);
      this.out += indent === '' || this.gap === '' ? text : text.replaceAll('\n', `\n${indent}`);
    } else {
      if (this.open.includes(v)) throw new TypeError('Converting circular structure to JSON');
      this.open.push(v);
      if (Array.isArray(v)) yield* this.array(v, indent);
      else yield* this.object(v, indent);
      this.open.pop();
    }
    if (this.out.length >= this.pieceChars) {
      yield this.out;
      this.out = '';
    }
  }

  private *array(v: readonly unknown[], indent: string): Generator<string, void, undefined> {
    const length = v.length;
    if (length === 0) {
      this.out += '[]';
      return;
    }
    const inner = indent + this.gap;
    const next = this.gap === '' ? ',' : `,\n${inner}`;
    this.out += this.gap === '' ? '[' : `[\n${inner}`;
    for (let i = 0; i < length; i++) {
      if (i > 0) this.out += next;
      const item = jsonValue(v[i], String(i));
      if (item === undefined) this.out += 'null';
      else yield* this.value(item, inner);
    }
    this.out += this.gap === '' ? ']' : `\n${indent}]`;
  }

  private *object(v: object, indent: string): Generator<string, void, undefined> {
    const inner = indent + this.gap;
    const colon = this.gap === '' ? ':' : ': ';
    let first = true;
    for (const key of Object.keys(v)) {
      const member = jsonValue((v as Record<string, unknown>)[key], key);
      if (member === undefined) continue;
      const lead = first ? '{' : ',';
      first = false;
      this.out += `${lead}${this.gap === '' ? '' : `\n${inner}`}${JSON.stringify(key)}${colon}`;
      yield* this.value(member, inner);
    }
    this.out += first ? '{}' : this.gap === '' ? '}' : `\n${indent}}`;
  }
}

/** See {@link JsonPieceOptions.nativeMembers}: a CLIENT LIST record with all its fields, a finding's citation. */
const NATIVE_MEMBERS = 256;

/**
 * Whether JSON.stringify may write `v` in one go: it holds at most `budget` members at all levels, and has
 * no toJSON of its own (JSON.stringify would call a toJSON of the value toJSON returned; the spec does not).
 */
function isSmall(v: object, budget: number): boolean {
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  return membersLeft(v, budget) >= 0;
}

/** `budget` less the members of `v` and of every object below it; negative (and no more counted) once past it. */
function membersLeft(v: object, budget: number): number {
  let left = budget;
  if (Array.isArray(v)) {
    left -= v.length;
    for (let i = 0; i < v.length && left >= 0; i++) {
      const item: unknown = v[i];
      if (typeof item === 'object' && item !== null) left = membersLeft(item, left);
    }
    return left;
  }
  for (const key in v) {
    if (!Object.hasOwn(v, key)) continue;
    if (--left < 0) return left;
    const member = (v as Record<string, unknown>)[key];
    if (typeof member === 'object' && member !== null) left = membersLeft(member, left);
    if (left < 0) return left;
  }
  return left;
}

/** null, a boolean, a number (NaN and ±Infinity are null, -0 is 0) or a string, quoted as JSON.stringify quotes it. */
function scalar(v: null | boolean | number | string): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  return String(v);
}
