import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import type { JourneyInstance } from "../../shared/persistence/journey-store";
import { admin } from "../support/local-host";
import { mailTo } from "../support/ses-store";
import {
  lifeOf,
  type Person,
  partition,
  person,
  send,
  startPrivacyHost,
  suppressionOf,
} from "./privacy-support";

/**
 * One deployment, several shops, one address: a person may be a customer of two shops, each with
 * her own consent. An erasure is hers at one shop; a hard bounce is her mailbox's, for everyone.
 */

let host: LocalHost;
beforeAll(async () => {
  host = await startPrivacyHost();
});
afterAll(async () => {
  await host?.stop();
});

/** The same person as a customer of two shops: the same address, each shop's own customer id. */
function atTwoShops() {
  const tag = randomUUID().slice(0, 6);
  const a = person(`shop-a-${tag}`);
  const b: Person = { shop: `shop-b-${tag}`, customer: { ...a.customer, id: `${a.customer.id}-b` } };
  return { a, b, email: a.customer.email };
}

async function journeys(p: Person): Promise<JourneyInstance[]> {
  return (await partition(host, p.shop, `id:${p.customer.id}`)).filter(
    (i) => i.type === "journey",
  ) as JourneyInstance[];
}

/** Every message of hers that dispatch looked at was stopped by the suppression list, none sent. */
async function expectAllSuppressed(p: Person) {
  const handled = (await journeys(p)).filter((i) => i.status !== "scheduled");
  expect(handled.length).toBeGreaterThanOrEqual(1);
  for (const i of handled)
    expect(i.ledger.at(-1)).toMatchObject({ decision: "skipped", reason: "suppressed" });
}

async function dispatch(now: string) {
  await host.jobs.dispatch?.(new Date(now));
  await host.bus.idle();
}

function hardBounce(email: string, shop: string): string {
  const record = JSON.parse(
    readFileSync(
      new URL("../../test/fixtures/ses/event-publishing-sns/bounce-record.json", import.meta.url),
      "utf8",
    ),
  );
  record.bounce.bouncedRecipients[0].emailAddress = email;
  record.mail.destination = [email];
  record.mail.messageId = `scope-bounce-${randomUUID()}`;
  record.mail.tags = { shop: [shop] };
  return JSON.stringify(record);
}

describe("the scope of a suppression", () => {
  it("an erasure at shop A stops A's mail to the address, while shop B's customer of that address is still mailed", async () => {
    const { a, b, email } = atTwoShops();
    await send(host, [...lifeOf(a, "2026-11-03T08:00:00.000Z"), ...lifeOf(b, "2026-11-03T08:00:00.000Z")]);

    const res = await admin(host, `/admin/customers/${a.customer.id}?shop=${a.shop}`, { method: "DELETE" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ erased: true, suppressed: true });
    // Shop A sends her again (a re-import): its campaigns trigger, and are stopped at the claim.
    await send(host, lifeOf(a, "2026-11-03T09:00:00.000Z", 1));
    await dispatch("2026-11-03T13:30:00.000Z");

    expect(await suppressionOf(host, email, a.shop)).toMatchObject({ reason: "erased" });
    expect(await suppressionOf(host, email, b.shop)).toBeUndefined();
    expect(await suppressionOf(host, email)).toBeUndefined();
    await expectAllSuppressed(a);
    const sentAtB = (await journeys(b)).filter((i) => i.status === "sent");
    expect(sentAtB).toHaveLength(1);
    const mails = await mailTo(host, email);
    expect(mails.map((m) => m.messageId)).toEqual([sentAtB[0]?.messageId]);
  });

  it("a hard bounce reported for shop A's mail stops the address at every shop of the deployment", async () => {
    const { a, b, email } = atTwoShops();
    await send(host, [...lifeOf(a, "2026-11-04T08:00:00.000Z"), ...lifeOf(b, "2026-11-04T08:00:00.000Z")]);

    const res = await admin(host, "/local/ses-events", { method: "POST", body: hardBounce(email, a.shop) });
    expect(res.status).toBe(202);
    await host.bus.idle();
    await dispatch("2026-11-04T13:30:00.000Z");

    expect(await suppressionOf(host, email)).toMatchObject({ reason: "bounce" });
    await expectAllSuppressed(a);
    await expectAllSuppressed(b);
    expect(await mailTo(host, email)).toEqual([]);
  });
});
