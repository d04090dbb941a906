import { constants } from "node:fs";
import { access, readFile, rename, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { z } from "zod";

/**
 * The small file that makes an import resumable: the line up to which every event is applied.
 * It is written only after those events are applied (and atomically, by rename), so after a crash
 * it is at worst behind; re-applying the events after it is harmless because folding is idempotent.
 */
export const ResumeState = z.object({
  version: z.literal(1),
  /** File size, format and shop: a state file is never applied to another import. */
  fingerprint: z.string(),
  line: z.number().int().min(0),
  complete: z.boolean(),
  updatedAt: z.string(),
});
export type ResumeState = z.infer<typeof ResumeState>;

export async function readResumeState(path: string): Promise<ResumeState | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const parsed = ResumeState.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${path} is not an import state file; delete it to start over`);
  return parsed.data;
}

export async function writeResumeState(path: string, state: ResumeState): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`);
  await rename(temporary, path);
}

/**
 * `<file><suffix>` beside the input, or in the working directory when the input's folder is
 * read-only (the shared data sets are).
 */
export async function sidecarPath(file: string, suffix: string): Promise<string> {
  try {
    await access(dirname(file), constants.W_OK);
    return `${file}${suffix}`;
  } catch {
    return join(process.cwd(), `${basename(file)}${suffix}`);
  }
}
