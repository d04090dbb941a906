import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHROMIUM, screenshot } from "./screenshot";

export interface MailLayoutCheck {
  name: string;
  width: number;
  /** The document's scroll width in a frame of `width` CSS pixels: above it, the mail scrolls sideways. */
  scrollWidth: number;
  images: number;
  /** `<img>` without an alt attribute, or with an empty one. */
  imagesWithoutAlt: string[];
}

/**
 * Mail documents in headless Chromium, each in frames of the given widths (a frame is the
 * viewport its media queries see, so 375 is a phone even though headless windows are wider).
 * One browser start for all of them; no network (pictures fail fast and show their alt text).
 */
export function checkMailsInBrowser(
  mails: readonly { name: string; html: string }[],
  widths: readonly number[],
): { checks: MailLayoutCheck[]; page: string } {
  const dir = mkdtempSync(join(tmpdir(), "mail-check-"));
  const page = join(dir, "mails.html");
  writeFileSync(page, framesPage(mails, widths));
  const dom = execFileSync(CHROMIUM, [...HEADLESS, "--dump-dom", `file://${page}`], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
  const result = /<pre id="result"[^>]*>([\s\S]*?)<\/pre>/.exec(dom)?.[1];
  if (!result) throw new Error("the browser did not run the check");
  return { checks: JSON.parse(decodeEntities(result)) as MailLayoutCheck[], page };
}

/** A PNG of the page `checkMailsInBrowser` built (frames side by side). */
export function screenshotMails(page: string, out: string, height: number): string {
  return screenshot(page, height, out);
}

const HEADLESS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--host-resolver-rules=MAP * ~NOTFOUND",
  "--virtual-time-budget=10000",
  `--user-data-dir=${mkdtempSync(join(tmpdir(), "chromium-"))}`,
  "--window-size=1280,2000",
];

function framesPage(mails: readonly { name: string; html: string }[], widths: readonly number[]): string {
  const attr = (s: string) => s.replaceAll("&", "&amp;").replaceAll('"', "&quot;");
  const frames = mails
    .flatMap((m) =>
      widths.map(
        (w) =>
          `<iframe data-name="${attr(m.name)}" data-width="${w}" scrolling="no" style="width:${w}px;height:4000px;border:1px solid #ccc;vertical-align:top" srcdoc="${attr(m.html)}"></iframe>`,
      ),
    )
    .join("\n");
  return `<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:8px;background:#fff">
${frames}
<pre id="result" style="display:none"></pre>
<script>
window.addEventListener("load", () => {
  const checks = [...document.querySelectorAll("iframe")].map((f) => {
    const doc = f.contentDocument;
    const images = [...doc.images];
    return {
      name: f.dataset.name,
      width: Number(f.dataset.width),
      scrollWidth: doc.documentElement.scrollWidth,
      images: images.length,
      imagesWithoutAlt: images.filter((i) => !(i.getAttribute("alt") || "").trim()).map((i) => i.src),
    };
  });
  // Tall frames while measuring (no vertical scrollbar narrows them), then as tall as the mail.
  for (const f of document.querySelectorAll("iframe")) f.style.height = f.contentDocument.body.scrollHeight + "px";
  document.getElementById("result").textContent = JSON.stringify(checks);
});
</script></body></html>`;
}

function decodeEntities(s: string): string {
  return s.replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}
