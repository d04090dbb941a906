import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { ImportFileError } from "./format";

/**
 * The reject file: `line,reason` per bad row, as CSV. It holds no row content (rows may carry
 * names and emails); the line number finds the row in the source. Every run rewrites it, since
 * a resumed run reads the whole file again and meets every bad row again.
 */
export class RejectFile {
  count = 0;

  private constructor(
    readonly path: string,
    private readonly out: WriteStream,
  ) {}

  static async open(path: string): Promise<RejectFile> {
    const out = createWriteStream(path);
    await once(out, "open").catch((error: Error) => {
      throw new ImportFileError(`--rejects ${path}: cannot write: ${error.message}`);
    });
    out.write("line,reason\n");
    return new RejectFile(path, out);
  }

  async add(line: number, reason: string): Promise<void> {
    this.count++;
    const field = /[",\n]/.test(reason) ? `"${reason.replaceAll('"', '""')}"` : reason;
    if (!this.out.write(`${line},${field}\n`)) await once(this.out, "drain");
  }

  /** Closes the file; `discard` removes it (the import never got past the header). */
  async close(discard = false): Promise<void> {
    this.out.end();
    await once(this.out, "close");
    if (discard) await rm(this.path, { force: true });
  }
}
