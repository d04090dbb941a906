import "./quiet";
import { randomUUID } from "node:crypto";
import { startLocalHost } from "../../infra/local/host";
import { foldEvent } from "../../shared/domain/profile";
import type { CanonicalEvent } from "../../shared/events/catalog";
import { signHex } from "../../shared/http/signature";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { consentEvent } from "../support/builders";
import { seedProfiles } from "../support/seed-profiles";
import { fmt, type Row, type Section } from "./harness";
import { emptyTally, startCountingProxy, type Tally } from "./request-counter";

/**
 * What the engine pays in DynamoDB per sent message (issue 13: no regression beyond one extra item
 * per claim), counted on the wire: N customers on file, N abandoned high-value carts (tracker and
 * profile writer), one dispatch run that sends the N reminders, and N double opt-in sign-ups sent
 * at once. Run alone (`tsx test/bench/engine-cost.bench.ts`) it prints the figures as JSON, which
 * is how the "before" column was measured on the commit before issue 13.
 */
const N = 200;
const HOUR = 3_600_000;

/**
 * Measured with this counter on commit 72a4503 (before issue 13), 200 customers: the same run of
 * this file on that commit's code. Only 120 of its 200 sign-ups got their confirmation mail there
 * (the immediate send raced the profile writer and was skipped as no-profile).
 */
export const BEFORE = {
  sent: 200,
  confirmations: 120,
  trigger: { readRequests: 200, writeRequests: 200, rcu: 200, wcu: 200 },
  dispatch: { readRequests: 407, writeRequests: 801, rcu: 403.5, wcu: 2201 },
  immediate: { readRequests: 720, writeRequests: 1160, rcu: 720, wcu: 2360 },
};

async function post(url: string, events: CanonicalEvent[]): Promise<void> {
  const body = JSON.stringify({ events });
  const res = await fetch(`${url}/events`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-signature": signHex(LOCAL_DEFAULTS.EVENTS_API_SECRET, body),
    },
    body,
  });
  if (res.status !== 202) throw new Error(`ingest answered ${res.status}`);
}

export async function measureEngineCost(endpoints: { dynamo: string; ses: string }) {
  let phase = emptyTally();
  const proxy = await startCountingProxy(endpoints.dynamo, () => phase);
  const host = await startLocalHost({
    port: 0,
    dynamoEndpoint: proxy.endpoint,
    sesEndpoint: endpoints.ses,
    tableName: `bench-cost-${randomUUID().slice(0, 8)}`,
    // Quiet hours of one minute: the reminders go out at their due time, whenever the bench runs.
    env: { CAMPAIGN_HOLDOUT: "0", SES_MAX_SEND_RATE: "2000", QUIET_HOURS: "03:00-03:01" },
  });
  try {
    const run = randomUUID().slice(0, 6);
    // Triggers happen now, as in production (a trigger dated in the past pays a cursor read).
    const base = Math.floor(Date.now() / 60_000) * 60_000;
    const people = Array.from({ length: N }, (_, i) => ({
      id: `cost-${run}-${i}`,
      email: `cost-${run}-${i}@bench.example`,
      firstName: "Kim",
      locale: "de-DE",
      timeZone: "Europe/Berlin",
    }));
    const at = new Date(base - 3 * 24 * HOUR).toISOString();
    await seedProfiles(
      host.db,
      host.tableName,
      people.map((p) => {
        const registered: CanonicalEvent = {
          id: `${p.id}-r`,
          shop: "default",
          type: "customer.registered",
          occurredAt: at,
          customer: p,
          data: {},
        };
        const opted = consentEvent("consent.granted", { id: `${p.id}-c`, customer: p, at, confirmedAt: at });
        return foldEvent(foldEvent(undefined, registered).state, opted).state;
      }),
    );
    await host.jobs.dispatch?.(new Date(base - HOUR));

    const tallies: Record<"trigger" | "dispatch" | "immediate", Tally> = {
      trigger: emptyTally(),
      dispatch: emptyTally(),
      immediate: emptyTally(),
    };
    phase = tallies.trigger;
    for (let i = 0; i < N; i += 100) {
      await post(
        host.url,
        people.slice(i, i + 100).map((p) => ({
          id: `${p.id}-cart`,
          shop: "default",
          type: "checkout.updated",
          occurredAt: new Date(base).toISOString(),
          customer: { id: p.id },
          data: { checkoutId: `ch-${p.id}`, total: { amount: "600.00", currency: "EUR" }, completed: false },
        })),
      );
    }
    await host.bus.idle();
    phase = tallies.dispatch;
    const summary = (await host.jobs.dispatch?.(new Date(base + 4 * HOUR + 60_000))) as {
      outcomes: { sent?: number };
    };
    await host.bus.idle();
    const sent = summary.outcomes.sent ?? 0;
    phase = tallies.immediate;
    const newcomers = people.map((p) => ({ ...p, id: `new-${p.id}`, email: `new-${p.email}` }));
    for (let i = 0; i < N; i += 100) {
      await post(
        host.url,
        newcomers.slice(i, i + 100).map((p) =>
          consentEvent("consent.granted", {
            id: `${p.id}-s`,
            customer: p,
            at: new Date(base).toISOString(),
          }),
        ),
      );
    }
    await host.bus.idle();
    phase = emptyTally();
    const store = (await (await fetch(`${endpoints.ses}/store`)).json()) as {
      emails: { destination: { to: string[] } }[];
    };
    const confirmations = store.emails.filter((e) =>
      e.destination.to.some((to) => to.includes(`new-cost-${run}-`)),
    ).length;
    return { customers: N, sent, confirmations, tallies };
  } finally {
    await host.stop();
    proxy.server.close();
  }
}

const per = (t: Tally, n: number) =>
  `${fmt(t.readRequests / n, 2)} reads (${fmt(t.rcu / n, 2)} RCU), ${fmt(t.writeRequests / n, 2)} writes (${fmt(t.wcu / n, 2)} WCU)`;

/** The bench section: per sent message, now and before issue 13. */
export async function engineCost(endpoints: { dynamo: string; ses: string }): Promise<Section> {
  const { sent, confirmations, tallies } = await measureEngineCost(endpoints);
  const rows: Row[] = (["trigger", "dispatch", "immediate"] as const).map((k) => ({
    name: {
      trigger: "per reminder: its trigger (profile writer + tracker)",
      dispatch: "per reminder: the dispatch run that sends it",
      immediate: "per immediate mail (double opt-in sign-up, both rules)",
    }[k],
    value: per(tallies[k], (k === "immediate" ? confirmations : sent) || 1),
    note: `before: ${per(BEFORE[k], k === "immediate" ? BEFORE.confirmations : BEFORE.sent)}`,
  }));
  return { title: `DynamoDB per sent message, ${N} customers (counted on the wire)`, rows };
}

if (process.argv[1]?.endsWith("engine-cost.bench.ts")) {
  const { freePort, startDynamoDbLocal, startSesLocal } = await import("../../infra/local/emulators");
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const ses = await startSesLocal({ port: await freePort() });
  try {
    console.log(
      JSON.stringify(await measureEngineCost({ dynamo: dynamo.endpoint, ses: ses.endpoint }), null, 1),
    );
  } finally {
    await Promise.all([dynamo.stop(), ses.stop()]);
  }
}
