import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where tests find their inputs. Small files live in the repository (test/fixtures, with their
 * sources and licences in its README). The large corpus (the full Online Retail II file) and the
 * captures whose licence does not allow copying stay outside: STAMMKUNDE_CORPUS names that folder,
 * by default `shared` next to the checkout. Tests that need it skip with one line when it is
 * absent, and fail in CI (CI=true), as the browser tests do, so a green CI run has run them.
 */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const FIXTURES_DIR = join(REPO_ROOT, "test", "fixtures");
export const CORPUS_DIR = resolve(process.env.STAMMKUNDE_CORPUS ?? join(REPO_ROOT, "..", "shared"));

/** A file of the repository's own fixtures, e.g. `ses/event-publishing-sns/bounce-record.json`. */
export const fixturePath = (path: string) => join(FIXTURES_DIR, path);

/** A file of the corpus, e.g. `data/online-retail/online_retail_II_2009-2010.csv.gz`. */
export const corpusPath = (path: string) => join(CORPUS_DIR, path);

const reported = new Set<string>();

/**
 * True (skip) when any of `paths` is missing from the corpus, after one line saying what is
 * missing; throws instead under CI=true. For `describe.skipIf(withoutCorpus(...))`.
 */
export function withoutCorpus(...paths: string[]): boolean {
  const missing = paths.filter((p) => !existsSync(corpusPath(p)));
  if (missing.length === 0) return false;
  const line = `corpus missing: ${missing.join(", ")} in ${CORPUS_DIR} (set STAMMKUNDE_CORPUS); skipping the tests that need it`;
  if (process.env.CI) throw new Error(line);
  if (!reported.has(line)) console.warn(line);
  reported.add(line);
  return true;
}
