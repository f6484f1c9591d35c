// Splits a stream of text chunks into lines (LF, CRLF or lone CR), numbering them from 1.
// A missing final newline is fine; the last line is still yielded.
export interface NumberedLine {
  text: string;
  number: number;
}

export async function* readLines(chunks: AsyncIterable<string>): AsyncGenerator<NumberedLine> {
  let rest = '';
  let number = 0;
  let pendingCR = false;
  for await (const chunk of chunks) {
    let text = chunk;
    if (pendingCR && text.startsWith('\n')) text = text.slice(1);
    pendingCR = false;
    const buffer = rest + text;
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const c = buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      yield { text: buffer.slice(start, i), number: ++number };
      if (c === 13) {
        if (i + 1 < buffer.length) {
          if (buffer.charCodeAt(i + 1) === 10) i++;
        } else {
          pendingCR = true;
        }
      }
      start = i + 1;
    }
    rest = buffer.slice(start);
  }
  if (rest.length > 0) yield { text: rest, number: ++number };
}

/** Async iterable over a fixed string, in chunks: handy in tests to exercise chunk borders. */
export async function* chunksOf(text: string, size = 65536): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
