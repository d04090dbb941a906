import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { z } from "zod";

/**
 * What makes an import resumable: the line up to which every event is applied. It is written only
 * after those events are applied, so after a crash it is at worst behind; re-applying the events
 * after it is harmless because folding is idempotent. It lives with the data it describes (the
 * table), never beside the input: a fresh database means a fresh import, and a shared, read-only
 * data folder gets nothing written into it.
 */
export const ResumeState = z.object({
  version: z.literal(1),
  /** Size, format and shop, for a human reading the item; the key already names the file's content. */
  fingerprint: z.string(),
  line: z.number().int().min(0),
  complete: z.boolean(),
  updatedAt: z.string(),
});
export type ResumeState = z.infer<typeof ResumeState>;

/** The resume states of one database, by shop and import id (format and a hash of the file). */
export interface ResumeStates {
  read(shop: string, importId: string): Promise<ResumeState | undefined>;
  write(shop: string, importId: string, state: ResumeState): Promise<void>;
  /** Where the states live, for messages ("table stammkunde"). */
  readonly where: string;
}

export class InMemoryResumeStates implements ResumeStates {
  readonly where = "memory";
  private readonly states = new Map<string, ResumeState>();
  async read(shop: string, importId: string) {
    return this.states.get(`${shop} ${importId}`);
  }
  async write(shop: string, importId: string, state: ResumeState) {
    this.states.set(`${shop} ${importId}`, state);
  }
}

/**
 * `<file><suffix>` beside the input, or in the working directory when the input's folder is
 * read-only (the shared data sets are): where the reject file goes unless named.
 */
export async function sidecarPath(file: string, suffix: string): Promise<string> {
  try {
    await access(dirname(file), constants.W_OK);
    return `${file}${suffix}`;
  } catch {
    return join(process.cwd(), `${basename(file)}${suffix}`);
  }
}
