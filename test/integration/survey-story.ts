import { expect, vi } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import type { ProfileView } from "../../shared/domain/profile-view";
import type { CanonicalEvent, EventType } from "../../shared/events/catalog";
import { admin } from "../support/local-host";
import type { StoredEmail } from "../support/ses-store";
import type { StoryCustomer } from "./playbook-story";

/**
 * Steps of the survey stories: the score links read out of the mail as sent, the answer page
 * opened and its form sent as a browser would, and what the functions put on the bus.
 */

/** The link behind score `score` in the survey mail's HTML (the `&amp;` undone, as a browser does). */
export function scoreLink(mail: StoredEmail | undefined, score: number): string {
  const href = new RegExp(`href="([^"]+)&amp;score=${score}"`).exec(mail?.body.html ?? "")?.[1];
  expect(href, `the link for score ${score}`).toBeDefined();
  return `${href}&score=${score}`;
}

/** Opens a link (GET) with a browser's Accept-Language. */
export async function open(url: string, language = "de-DE,de;q=0.9") {
  const res = await fetch(url, { headers: { "accept-language": language } });
  return { status: res.status, body: await res.text() };
}

/** Sends the answer page's form: POST to the link without its score, the score in the form body. */
export async function answer(
  host: LocalHost,
  link: string,
  score: number | string,
  at: string,
  language = "de-DE",
) {
  const url = new URL(link);
  url.searchParams.delete("score");
  host.clock.set(at);
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "accept-language": language },
    body: `score=${score}`,
  });
  const out = { status: res.status, body: await res.text() };
  await host.bus.idle();
  return out;
}

/** Everything the functions publish from here on (delivery stays the local bus's). */
export function recordBus(host: LocalHost) {
  const events: CanonicalEvent[] = [];
  const publish = host.bus.publish.bind(host.bus);
  vi.spyOn(host.bus, "publish").mockImplementation(async (batch) => {
    events.push(...batch.map((e) => e.detail as CanonicalEvent));
    await publish(batch);
  });
  return {
    // By event id: a handler that runs twice on a duplicated delivery (the hostile bus) publishes
    // the same event twice, which its consumers count once, as EventBridge's at-least-once demands.
    of: <T extends EventType>(type: T, customer?: { id: string }) => [
      ...new Map(
        events
          .filter(
            (e): e is Extract<CanonicalEvent, { type: T }> =>
              e.type === type && (customer === undefined || e.customer.id === customer.id),
          )
          .map((e) => [e.id, e]),
      ).values(),
    ],
  };
}

export async function profileOf(host: LocalHost, customer: StoryCustomer): Promise<ProfileView> {
  const res = await admin(host, `/admin/customers/${customer.id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as ProfileView;
}
