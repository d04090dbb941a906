/**
 * MJML compiled at first use and kept for the life of the process (a warm Lambda). Measured
 * (test/bench/mail-render.bench.ts, 2 loaded cores): loading mjml and the first compile about a
 * second, a compile of a new shape about 50 ms, a mail whose shape is compiled 0.3 ms. So a
 * compile per send would cost ~170x the render, and build-time compiling would fix the brand into
 * the bundle. mjml is imported lazily: functions that share this code but never send do not
 * load it. The source holds placeholders, never customer data, so the cache holds no personal
 * data and stays small: one entry per campaign, language, brand and product-block shape.
 */
const compiled = new Map<string, Promise<string>>();
const MAX_ENTRIES = 500;

export class LayoutError extends Error {
  override name = "LayoutError";
}

export function compileMjml(source: string): Promise<string> {
  let html = compiled.get(source);
  if (!html) {
    if (compiled.size >= MAX_ENTRIES) compiled.clear();
    html = compile(source);
    compiled.set(source, html);
    // A failed compile is not kept: the next call tries again and reports again.
    html.catch(() => compiled.delete(source));
  }
  return html;
}

async function compile(source: string): Promise<string> {
  const { default: mjml2html } = await import("mjml");
  // "strict": an attribute or tag MJML does not know is a bug in the layout, not a warning to ignore.
  const out = await mjml2html(source, { validationLevel: "strict", keepComments: false });
  if (out.errors.length > 0)
    throw new LayoutError(`layout does not compile: ${out.errors.map((e) => e.formattedMessage).join("; ")}`);
  return out.html;
}
