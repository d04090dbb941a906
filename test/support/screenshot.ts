import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Debian's Chromium (`apt-get install chromium`); .ci/run installs it. */
export const CHROMIUM = "/usr/bin/chromium";

/**
 * Screenshot tests run wherever Chromium is installed, and always in CI (CI=true), where a
 * missing browser fails the test instead of skipping it silently.
 */
export const skipScreenshots = !existsSync(CHROMIUM) && !process.env.CI;

/** A full-page PNG of a local HTML file, in headless Chromium with no network; returns its path. */
export function screenshot(
  page: string,
  height = 3400,
  out = join(mkdtempSync(join(tmpdir(), "shot-")), "page.png"),
): string {
  execFileSync(
    CHROMIUM,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${mkdtempSync(join(tmpdir(), "chromium-"))}`,
      `--screenshot=${out}`,
      `--window-size=1280,${height}`,
      `file://${page}`,
    ],
    { stdio: "ignore", timeout: 60_000 },
  );
  if (!statSync(out).isFile()) throw new Error(`no screenshot at ${out}`);
  return out;
}
