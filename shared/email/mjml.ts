import mjml2html from "mjml";

/**
 * MJML compiled at first use and kept for the life of the process (a warm Lambda): the first
 * compile in a process costs tens of milliseconds, a repeat of the same source a few, and a
 * substitution pass on the compiled HTML well under one (test/bench/mail-render.bench.ts). The
 * source holds placeholders, never customer data, so the cache holds no personal data and stays
 * small: one entry per campaign, language, brand and product-block shape.
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
  // "strict": an attribute or tag MJML does not know is a bug in the layout, not a warning to ignore.
  const out = await mjml2html(source, { validationLevel: "strict", keepComments: false });
  if (out.errors.length > 0)
    throw new LayoutError(`layout does not compile: ${out.errors.map((e) => e.formattedMessage).join("; ")}`);
  return out.html;
}
