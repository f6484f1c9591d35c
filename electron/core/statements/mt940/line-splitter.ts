// Splits decoded chunks into numbered lines (LF, CRLF or lone CR) synchronously, a chunk at a
// time. Same lines as common/lines.ts readLines, without an async step per line, which is most
// of the cost of reading a 200 MB statement line by line.
export class LineSplitter {
  private rest = '';
  private number = 0;
  private afterCR = false;

  /** Calls `onLine` for each line completed by this chunk. */
  push(chunk: string, onLine: (text: string, number: number) => void): void {
    let start = this.afterCR && chunk.charCodeAt(0) === 10 ? 1 : 0;
    this.afterCR = false;
    let lf = chunk.indexOf('\n', start);
    let cr = chunk.indexOf('\r', start);
    while (lf >= 0 || cr >= 0) {
      let end = cr < 0 || (lf >= 0 && lf < cr) ? lf : cr;
      const text = chunk.slice(start, end);
      onLine(this.rest ? this.rest + text : text, ++this.number);
      this.rest = '';
      if (end === cr) {
        if (end + 1 === chunk.length) this.afterCR = true;
        else if (chunk.charCodeAt(end + 1) === 10) end++;
      }
      start = end + 1;
      if (lf >= 0 && lf < start) lf = chunk.indexOf('\n', start);
      if (cr >= 0 && cr < start) cr = chunk.indexOf('\r', start);
    }
    this.rest += chunk.slice(start);
  }

  /** The last line, when the text does not end with a line break. */
  end(onLine: (text: string, number: number) => void): void {
    if (this.rest) onLine(this.rest, ++this.number);
    this.rest = '';
  }
}
