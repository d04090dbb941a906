import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runReport } from "../../infra/local/commands/report";
import type { LocalHost } from "../../infra/local/host";
import type { CampaignInput } from "../../shared/campaigns/definition";
import type { CanonicalEvent } from "../../shared/events/catalog";
import type { JourneyInstance } from "../../shared/persistence/journey-store";
import { consentEvent, customerEvent, orderPlaced, seededRandom } from "../support/builders";
import { postEvents, scanAll, startTestHost } from "../support/local-host";
import { screenshot, skipScreenshots } from "../support/screenshot";
import { mailTo } from "../support/ses-store";

/** One campaign of our own, so the figures do not move when the playbook changes. */
const THANKS: CampaignInput = {
  id: "report-thanks",
  name: "Thanks",
  description: "A thank-you an hour after a marked order.",
  priority: "lifecycle",
  trigger: {
    event: "order.placed",
    where: [{ path: "event.data.orderId", op: "contains", value: "-trigger" }],
  },
  wait: { kind: "delay", duration: "PT1H" },
  reentry: { kind: "once-ever" },
  holdout: 0.5,
  templates: {
    de: { subject: "Danke", html: "<p>Danke</p>", text: "Danke" },
    en: { subject: "Thanks", html: "<p>Thanks</p>", text: "Thanks" },
  },
};

let host: LocalHost;
// Fixed ids: the hash puts the same customers in the control group on every run.
const CUSTOMERS = 20;
const ids = Array.from({ length: CUSTOMERS }, (_, i) => `report-int-${i}`);

beforeAll(async () => {
  // The definition's 50 % holdout applies: no CAMPAIGN_HOLDOUT override here.
  host = await startTestHost({ campaigns: [THANKS], env: { CAMPAIGN_HOLDOUT: undefined } });
  const random = seededRandom(8);
  const events: CanonicalEvent[] = [];
  for (const id of ids) {
    const customer = { id, email: `${id}@example.com`, firstName: "Kim", timeZone: "Europe/Berlin" };
    events.push(
      customerEvent("customer.registered", { id: `${id}-reg`, customer, at: "2025-01-05T08:00:00.000Z" }),
    );
    events.push(
      consentEvent("consent.granted", {
        id: `${id}-opt`,
        customer: { id },
        at: "2025-01-05T08:01:00.000Z",
        confirmedAt: "2025-01-05T08:01:00.000Z",
      }),
    );
    const history = Math.floor(random() * 4);
    for (let k = 0; k < history; k++) {
      const month = String(1 + Math.floor(random() * 12)).padStart(2, "0");
      events.push(
        orderPlaced({
          id: `${id}-h${k}`,
          customer: { id },
          orderId: `${id}-h${k}`,
          amount: `${20 + Math.floor(random() * 200)}.00`,
          at: `2025-${month}-10T10:00:00.000Z`,
        }),
      );
    }
    events.push(
      orderPlaced({
        id: `${id}-t`,
        customer: { id },
        orderId: `${id}-trigger`,
        amount: "50.00",
        at: "2026-10-01T08:00:00.000Z",
      }),
    );
    if (random() < 0.5)
      events.push(
        orderPlaced({
          id: `${id}-f`,
          customer: { id },
          orderId: `${id}-follow`,
          amount: `${10 + Math.floor(random() * 90)}.00`,
          at: "2026-10-04T10:00:00.000Z",
        }),
      );
  }
  for (let i = 0; i < events.length; i += 100) {
    const res = await postEvents(host, { events: events.slice(i, i + 100) });
    expect(res.status).toBe(202);
  }
  await host.bus.idle();
  await host.jobs.dispatch?.(new Date("2026-10-01T10:00:00.000Z"));
  await host.bus.idle();
});
afterAll(async () => {
  await host?.stop();
});

const journeys = async () =>
  (await scanAll(host)).filter((i) => i.type === "journey") as unknown as JourneyInstance[];

describe("holdout at dispatch", () => {
  it("records the control group as skipped for holdout and mails everyone else", async () => {
    const all = await journeys();
    const control = all.filter((i) => i.ledger.some((e) => e.reason === "holdout"));
    const sent = all.filter((i) => i.status === "sent");
    expect(control.length).toBeGreaterThan(5);
    expect(sent.length).toBeGreaterThan(5);
    expect(control.length + sent.length).toBe(CUSTOMERS);
    const heldOut = control[0]?.customerKey.slice(3) ?? "";
    expect(await mailTo(host, `${heldOut}@example.com`)).toHaveLength(0);
  });
});

let page = "";

describe("report", () => {
  it("writes one page where every chart section has data, and prints the same figures", async () => {
    const dir = mkdtempSync(join(tmpdir(), "report-"));
    const file = join(dir, "report.html");
    const lines: string[] = [];
    const code = await runReport(["--out", file, "--now", "2026-10-20T00:00:00.000Z"], {
      out: (l) => lines.push(l),
      db: host.db,
      tableName: host.tableName,
    });
    expect(code).toBe(0);
    expect(existsSync(file)).toBe(true);
    const html = readFileSync(file, "utf8");
    const sectionOf = (id: string) => html.split(`<section id="${id}">`)[1]?.split("</section>")[0] ?? "";
    for (const id of ["lifecycle", "rfm", "abc", "churn", "campaigns", "holdout"]) {
      expect(sectionOf(id), id).toContain("<svg");
      expect(sectionOf(id), id).not.toContain('class="empty"');
    }
    // No predictions yet: the CLV section says what to run.
    expect(sectionOf("clv")).toContain("fit-model");
    expect(html).not.toMatch(/<script|<link /);
    const text = lines.join("\n");
    expect(text).toMatch(/report-thanks\s+20\s+\d+/);
    expect(text).toMatch(/report-thanks: mailed .* vs control .* per customer: uplift .*95 % CI/);
    if (process.env.REPORT_OUT) (await import("node:fs")).copyFileSync(file, process.env.REPORT_OUT);
    page = file;
  });

  it.skipIf(skipScreenshots)("renders in headless Chromium", () => {
    expect(page).not.toBe("");
    const png = screenshot(page, 3400, process.env.REPORT_SHOT);
    expect(statSync(png).size).toBeGreaterThan(20_000);
  });
});
