// Splits decoded chunks into numbered lines (LF, CRLF or lone CR) synchronously, a chunk at a
// time. Same lines as common/lines.ts readLines, without an async step per line, which is most
// of the cost of reading a 200 MB statement line by line.
export class LineSplitter {
  private rest = '';
  private number = 0;
  private afterCR = false;

  /** Calls `onLine` for each line completed by this chunk. */
  push(chunk: string, onLine: (text: string, number: number) => void): void {
    let start = 0;
    if (this.afterCR && chunk.charCodeAt(0) === 10) start = 1;
    this.afterCR = false;
    for (let i = start; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      const text = chunk.slice(start, i);
      onLine(this.rest ? this.rest + text : text, ++this.number);
      this.rest = '';
      if (c === 13) {
        if (i + 1 === chunk.length) this.afterCR = true;
        else if (chunk.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    this.rest += chunk.slice(start);
  }

  /** The last line, when the text does not end with a line break. */
  end(onLine: (text: string, number: number) => void): void {
    if (this.rest) onLine(this.rest, ++this.number);
    this.rest = '';
  }
}
