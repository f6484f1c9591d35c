// One writer at a time. An import keeps its transaction open while it awaits the next chunk of
// the file; any other write must wait for it, or it would land inside that transaction.
export class WriteLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
