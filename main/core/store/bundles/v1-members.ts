import { TokenParser, Tokenizer, TokenType, type ParsedTokenInfo } from '@streamparser/json';
import { AppError } from '../../../../shared/ipc/result';

/**
 * A version 1 document read as it comes, a member of its top-level object at a time, with @streamparser/json's
 * tokenizer: the four lists as long as the session an element at a time, every other member whole. Nothing of the
 * document is held but the element or member being read, so no part of a file, however large, is parsed at once.
 */

/** The members that hold a list as long as the session: read an element at a time. */
export const V1_LISTS = ['turns', 'audit', 'modelExchanges', 'notes'] as const;
export type V1List = (typeof V1_LISTS)[number];

/** What a version 1 document's members are handed to as they are read. */
export interface V1MemberSink {
  /** A member read whole: any member but the lists, and a list's member that holds no array. */
  member(key: string, value: unknown): void;
  /** The next element of a list. */
  element(list: V1List, value: unknown): void;
  /** A list's last element has been read. */
  closed(list: V1List): void;
  /** A sealed file's base64 text, left unread in the file's bytes at [start, end). */
  sealedText(start: number, end: number): void;
  /** A document that is no object, by its first value (a container as an empty one). */
  notAnObject(first: unknown): never;
}

export interface V1MemberOptions {
  /** Whether a `sealed` string is left in the bytes (`sealedText`) rather than read: a file's, which is at hand. */
  sealedTextAside: boolean;
  /** The error for bytes that are not JSON, by what is wrong with them. */
  notJson(problem: string): AppError;
}

type Expecting = 'document' | 'firstKey' | 'key' | 'colon' | 'value' | 'commaOrEnd' | 'nothing';

/** A member's value being read: its own token parser, and how deep inside the value its last token left it. */
interface Reading {
  parser: TokenParser;
  depth: number;
  list: V1List | null;
}

/** Thrown from inside the tokenizer to stop it where a sealed text begins. */
class SealedTextAhead {
  constructor(readonly at: number) {}
}

const PRIMITIVES = new Set([TokenType.STRING, TokenType.NUMBER, TokenType.TRUE, TokenType.FALSE, TokenType.NULL]);
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isBom = (bytes: Buffer, at: number) => bytes[at] === 0xef && bytes[at + 1] === 0xbb && bytes[at + 2] === 0xbf;

export class V1Members {
  private tokenizer!: Tokenizer;
  /** Where in the bytes the tokenizer's offset 0 is. */
  private base = 0;
  private fresh = true;
  private expecting: Expecting = 'document';
  private key = '';
  private readonly keys = new Set<string>();
  private reading: Reading | null = null;

  constructor(
    private readonly sink: V1MemberSink,
    private readonly options: V1MemberOptions,
  ) {
    this.startAt(0);
  }

  /** Reads bytes[start, end); returns where to read on: `end`, or past a sealed text left unread. */
  write(bytes: Buffer, start: number, end: number): number {
    // The tokenizer skips a byte order mark and does not count it: nor, then, does the count of offsets.
    if (this.fresh && isBom(bytes, start)) this.base += 3;
    this.fresh = false;
    try {
      this.tokenizer.write(bytes.subarray(start, end));
      return end;
    } catch (error) {
      if (error instanceof SealedTextAhead) return this.setAside(bytes, error.at);
      throw this.problem(error);
    }
  }

  /** After the last bytes: refuses a document cut off. */
  end(): void {
    try {
      this.tokenizer.end();
    } catch (error) {
      throw this.problem(error);
    }
    if (this.expecting !== 'nothing') throw this.options.notJson('it ends before its document does');
  }

  private startAt(position: number): void {
    this.tokenizer = new Tokenizer();
    this.tokenizer.onToken = (token) => this.token(token);
    this.base = position;
    this.fresh = true;
  }

  /**
   * Past a sealed text, which is left where it is: read as a string it would be a second copy of the file. A
   * string with an escape in it (no file this workbench wrote), or a value that is no string, is read as any other.
   */
  private setAside(bytes: Buffer, at: number): number {
    let start = at;
    while (start < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[start]!)) start++;
    const end = bytes[start] === QUOTE ? bytes.indexOf(QUOTE, start + 1) : -1;
    this.startAt(at);
    if (end < 0 || bytes.subarray(start + 1, end).includes(BACKSLASH)) return at;
    this.sink.sealedText(start + 1, end);
    this.expecting = 'commaOrEnd';
    this.startAt(end + 1);
    return end + 1;
  }

  /** The top-level object's own tokens; each member's value goes to a token parser of its own. */
  private token(token: ParsedTokenInfo): void {
    if (this.reading) return this.valueToken(this.reading, token);
    switch (this.expecting) {
      case 'document':
        if (token.token === TokenType.LEFT_BRACE) return void (this.expecting = 'firstKey');
        if (token.token === TokenType.LEFT_BRACKET) return this.sink.notAnObject([]);
        if (PRIMITIVES.has(token.token)) return this.sink.notAnObject(token.value);
        break;
      case 'firstKey':
      case 'key':
        if (token.token === TokenType.STRING) return this.keyRead(token.value as string);
        if (token.token === TokenType.RIGHT_BRACE && this.expecting === 'firstKey')
          return void (this.expecting = 'nothing');
        break;
      case 'colon':
        if (token.token !== TokenType.COLON) break;
        this.expecting = 'value';
        if (this.options.sealedTextAside && this.key === 'sealed')
          throw new SealedTextAhead(this.base + token.offset + 1);
        return;
      case 'value':
        this.reading = this.readingFor(token);
        return this.valueToken(this.reading, token);
      case 'commaOrEnd':
        if (token.token === TokenType.COMMA) return void (this.expecting = 'key');
        if (token.token === TokenType.RIGHT_BRACE) return void (this.expecting = 'nothing');
        break;
      case 'nothing':
        break;
    }
    throw new SyntaxError(`Unexpected ${JSON.stringify(token.value)} at byte ${this.base + token.offset}`);
  }

  private keyRead(key: string): void {
    // JSON.parse would keep the last of two; a bundle that names a member twice is refused, not read one way.
    if (this.keys.has(key))
      throw new AppError('BAD_INPUT', `Not a session bundle of this workbench: it names "${key}" twice`);
    this.keys.add(key);
    this.key = key;
    this.expecting = 'colon';
  }

  private readingFor(first: ParsedTokenInfo): Reading {
    const key = this.key;
    const list = first.token === TokenType.LEFT_BRACKET ? (V1_LISTS.find((name) => name === key) ?? null) : null;
    if (!list) {
      const parser = new TokenParser({ paths: ['$'] });
      parser.onValue = ({ value }) => this.sink.member(key, value);
      return { parser, depth: 0, list };
    }
    // Each element is handed on and dropped from the array as soon as it is read (keepStack: false).
    const parser = new TokenParser({ paths: ['$.*'], keepStack: false });
    parser.onValue = ({ value }) => this.sink.element(list, value);
    return { parser, depth: 0, list };
  }

  private valueToken(reading: Reading, token: ParsedTokenInfo): void {
    reading.parser.write(token);
    if (token.token === TokenType.LEFT_BRACE || token.token === TokenType.LEFT_BRACKET) reading.depth++;
    else if (token.token === TokenType.RIGHT_BRACE || token.token === TokenType.RIGHT_BRACKET) reading.depth--;
    if (reading.depth > 0) return;
    this.reading = null;
    this.expecting = 'commaOrEnd';
    if (reading.list) this.sink.closed(reading.list);
  }

  /** An error out of the tokenizer: the sink's own as it is, anything else says the bytes are not JSON. */
  private problem(error: unknown): AppError {
    if (error instanceof AppError) return error;
    return this.options.notJson(error instanceof Error ? error.message : String(error));
  }
}
