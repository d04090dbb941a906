/**
 * The layout's MJML source, one per number of product cards (0 to 3: MJML sizes the columns and
 * their pictures by the count). It holds no brand, copy or campaign content, only sentinels:
 * `@@name@@` for a value and `<!--@@if:name-->...<!--@@end:name-->` around a part that may be
 * left out (a text block, a card's picture). test/support/build-mail-layout.ts compiles it with
 * MJML into ./compiled-layout.generated.ts; at send time ./layout.ts only fills the sentinels, so
 * no function bundles or runs MJML. Colours MJML validates are compiled as the sentinel colours
 * below and turned into `@@color@@` / `@@onColor@@` after the compile (brand.ts has already
 * checked the brand's colour is a 6-digit hex colour).
 */
export const COLOR_SENTINEL = "#fe0001";
export const ON_COLOR_SENTINEL = "#fe0002";
export const GREY = "#555555";
export const PRODUCT_COUNTS = [0, 1, 2, 3] as const;

/** The value sentinels the compiled layout holds, each filled by ./layout.ts. */
export const LAYOUT_VALUES = [
  "lang",
  "title",
  "preheader",
  "color",
  "onColor",
  "logoUrl",
  "brandName",
  "before",
  "after",
  "footer",
  "view",
] as const;
export type LayoutValue = (typeof LAYOUT_VALUES)[number];

/**
 * The campaign content's `<a class="button">` links. In the source as an inlined MJML style, so a
 * compile of a whole mail (the equivalence test) styles them as MJML would; the compiled layout
 * holds no content, so ./layout.ts writes the same declarations onto each such link.
 */
export function buttonStyle(color: string, onColor: string): string {
  return `display: inline-block; padding: 12px 20px; border-radius: 4px; background-color: ${color}; color: ${onColor}; font-weight: bold; text-decoration: none;`;
}

const optional = (name: string, mjml: string) =>
  `<mj-raw><!--@@if:${name}--></mj-raw>${mjml}<mj-raw><!--@@end:${name}--></mj-raw>`;

export function layoutSource(products: number): string {
  const color = COLOR_SENTINEL;
  const text = (name: "before" | "after") =>
    optional(
      name,
      `<mj-section background-color="#ffffff" padding="0 16px"><mj-column><mj-text>@@${name}@@</mj-text></mj-column></mj-section>`,
    );
  return `<mjml lang="@@lang@@" dir="ltr">
<mj-head>
<mj-title>@@title@@</mj-title>
<mj-preview>@@preheader@@</mj-preview>
<mj-attributes>
<mj-all font-family="Helvetica, Arial, sans-serif" />
<mj-text font-size="16px" line-height="1.5" color="#222222" />
<mj-button background-color="${color}" color="${ON_COLOR_SENTINEL}" font-size="16px" font-weight="bold" border-radius="4px" inner-padding="12px 20px" />
</mj-attributes>
<mj-style inline="inline">a.button { ${buttonStyle(color, ON_COLOR_SENTINEL)} }</mj-style>
<mj-style>a { color: ${color}; } .footer a { color: ${GREY}; } img { max-width: 100%; height: auto; }</mj-style>
</mj-head>
<mj-body width="600px" background-color="#f4f4f4">
<mj-section background-color="#ffffff" border-top="4px solid ${color}" padding="16px">
<mj-column><mj-image src="@@logoUrl@@" alt="@@brandName@@" href="{{websiteUrl}}" width="160px" align="left" padding="0" /></mj-column>
</mj-section>
${text("before")}
${productSection(products)}
${text("after")}
<mj-section padding="16px"><mj-column><mj-text font-size="12px" line-height="1.5" color="${GREY}" css-class="footer">
@@footer@@
</mj-text></mj-column></mj-section>
</mj-body>
</mjml>`;
}

function productSection(count: number): string {
  if (count === 0) return "";
  const columns = Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    const image = optional(
      `image${n}`,
      `<mj-image src="{{product${n}Image}}" alt="{{product${n}Title}}" href="{{product${n}Url}}" padding="8px" />`,
    );
    return `<mj-column>${image}
<mj-text align="center" padding="4px 8px"><strong>{{product${n}Title}}</strong><br>{{product${n}Price}}</mj-text>
<mj-button href="{{product${n}Url}}" title="@@view@@: {{product${n}Title}}" padding="8px">@@view@@</mj-button>
</mj-column>`;
  });
  return `<mj-section background-color="#ffffff" padding="8px 8px 16px">${columns.join("\n")}</mj-section>`;
}
