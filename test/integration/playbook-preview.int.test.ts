import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPreview } from "../../infra/local/commands/preview";
import type { LocalHost } from "../../infra/local/host";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { startTestHost } from "../support/local-host";
import { mailTo } from "../support/ses-store";
import { givenCustomer, order, type StoryCustomer, send } from "./playbook-story";

let host: LocalHost;
let anna: StoryCustomer;
beforeAll(async () => {
  host = await startTestHost();
  anna = await givenCustomer(host);
  await send(host, [order(anna, { orderId: "o-1", at: "2026-03-02T09:00:00.000Z", categories: ["phones"] })]);
});
afterAll(async () => {
  await host?.stop();
});

async function preview(...argv: string[]) {
  const lines: string[] = [];
  const code = await runPreview(argv, {
    out: (line) => lines.push(line),
    baseUrl: host.url,
    adminToken: LOCAL_DEFAULTS.ADMIN_TOKEN,
  });
  return { code, output: lines.join("\n") };
}

describe("npm run cli -- preview", () => {
  it("renders a campaign's mail for a customer in their language, and sends nothing", async () => {
    const { code, output } = await preview("post-purchase-reassurance", "--customer", anna.id);
    expect(code).toBe(0);
    expect(output).toContain("locale:   de");
    expect(output).toContain("subject:  Ihre Bestellung ist in guten Händen");
    expect(output).toContain("Hallo Anna,");
    expect(output).toContain("Ihrem Einkauf aus phones");
    expect(output).not.toContain("note:");
    expect(await mailTo(host, anna.email)).toHaveLength(0);
  });

  it("renders another language as HTML, with the trigger's data when given", async () => {
    const { code, output } = await preview(
      "cross-sell",
      "--customer",
      anna.id,
      "--locale",
      "en",
      "--html",
      "--data",
      '{"orderId":"o-7","items":[{"category":"phones","quantity":1}]}',
    );
    expect(code).toBe(0);
    expect(output).toContain("subject:  Something to go with your order");
    expect(output).toContain("<p>Hi Anna,</p>");
    expect(output).toContain("your order o-7 has settled in");
    expect(output).toContain("have a look at our accessories");
  });

  it("says when the customer would not get the mail", async () => {
    const ben = await givenCustomer(host, { consent: false });
    const { code, output } = await preview("welcome", "--customer", ben.id);
    expect(code).toBe(0);
    expect(output).toContain("note:     not sent to this customer today: marketing consent is unknown");
  });

  it("names what is wrong: an unknown campaign or customer, a missing option, bad --data", async () => {
    expect(await preview("no-such-campaign", "--customer", anna.id)).toMatchObject({
      code: 2,
      output: expect.stringContaining("no campaign no-such-campaign; campaigns: high-value-cart"),
    });
    expect(await preview("welcome", "--customer", "nobody")).toMatchObject({
      code: 1,
      output: "error: no customer nobody in shop default",
    });
    expect(await preview("welcome")).toMatchObject({
      code: 2,
      output: expect.stringContaining("error: --customer is required"),
    });
    expect(await preview("welcome", "--customer", anna.id, "--data", "[1]")).toMatchObject({
      code: 2,
      output: expect.stringContaining("error: --data: must be a JSON object"),
    });
  });
});
