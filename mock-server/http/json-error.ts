/**
 * Locates a JSON syntax error. Node 20's parser names the position for some errors and not for
 * others (`Unexpected token '}', "{"a":}" is not valid JSON`), and a client fixing a request
 * body needs it, so on the error path only we scan the text ourselves.
 */

/** `Unexpected token '}' at position 5 (line 1, column 6)` for an invalid JSON text. */
export function describeJsonError(text: string): string {
  const scanner = new Scanner(text);
  const failure = scanner.run();
  if (!failure) return 'Invalid JSON';

  const before = text.slice(0, failure.position);
  const line = before.split('\n').length;
  const column = failure.position - before.lastIndexOf('\n');
  return `${failure.reason} at position ${failure.position} (line ${line}, column ${column})`;
}

interface Failure {
  reason: string;
  position: number;
}

class ScanError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.reason);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

class Scanner {
  #at = 0;

  constructor(readonly text: string) {}

  run(): Failure | undefined {
    try {
      this.#value();
      this.#space();
      if (this.#at < this.text.length) this.#fail('Unexpected data after the JSON value');
      return undefined;
    } catch (error) {
      if (error instanceof ScanError) return error.failure;
      throw error;
    }
  }

  #fail(reason?: string): never {
    const char = this.text[this.#at];
    const message =
      char === undefined
        ? 'Unexpected end of JSON input'
        : (reason ?? `Unexpected token '${char}'`);
    throw new ScanError({ reason: message, position: this.#at });
  }

  #space(): void {
    WHITESPACE.lastIndex = this.#at;
    WHITESPACE.exec(this.text);
    this.#at = WHITESPACE.lastIndex;
  }

  #expect(char: string): void {
    this.#space();
    if (this.text[this.#at] !== char) this.#fail(this.#unexpected(`expected '${char}'`));
    this.#at += 1;
  }

  #unexpected(expectation: string): string | undefined {
    const char = this.text[this.#at];
    return char === undefined ? undefined : `Unexpected token '${char}', ${expectation}`;
  }

  #value(): void {
    this.#space();
    const char = this.text[this.#at];
    if (char === '{') return this.#object();
    if (char === '[') return this.#array();
    if (char === '"') return this.#string();
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.#at)) {
        this.#at += word.length;
        return;
      }
    }

    NUMBER.lastIndex = this.#at;
    if (NUMBER.test(this.text)) {
      this.#at = NUMBER.lastIndex;
      return;
    }

    this.#fail();
  }

  #object(): void {
    this.#at += 1;
    this.#space();
    if (this.text[this.#at] === '}') {
      this.#at += 1;
      return;
    }

    for (;;) {
      this.#space();
      if (this.text[this.#at] !== '"') this.#fail(this.#unexpected('expected a property name'));
      this.#string();
      this.#expect(':');
      this.#value();
      this.#space();
      const char = this.text[this.#at];
      this.#at += 1;
      if (char === '}') return;
      if (char !== ',') {
        this.#at -= 1;
        this.#fail(this.#unexpected("expected ',' or '}'"));
      }
    }
  }

  #array(): void {
    this.#at += 1;
    this.#space();
    if (this.text[this.#at] === ']') {
      this.#at += 1;
      return;
    }

    for (;;) {
      this.#value();
      this.#space();
      const char = this.text[this.#at];
      this.#at += 1;
      if (char === ']') return;
      if (char !== ',') {
        this.#at -= 1;
        this.#fail(this.#unexpected("expected ',' or ']'"));
      }
    }
  }

  #string(): void {
    this.#at += 1;
    for (;;) {
      const char = this.text[this.#at];
      if (char === undefined) this.#fail();
      if (char === '"') {
        this.#at += 1;
        return;
      }

      if (char === '\\') {
        const escape = this.text[this.#at + 1];
        if (
          escape === 'u' &&
          /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.#at + 2, this.#at + 6))
        ) {
          this.#at += 6;
          continue;
        }

        if (escape !== undefined && '"\\/bfnrt'.includes(escape)) {
          this.#at += 2;
          continue;
        }

        this.#at += 1;
        this.#fail('Bad escape sequence in string');
      }

      if (char < ' ') this.#fail('Control character in string');
      this.#at += 1;
    }
  }
}
