import { randomUUID } from "node:crypto";
import type { SendEmailCommand } from "@aws-sdk/client-sesv2";
import { localClientConfig } from "../../infra/local/emulators";
import { startLocalHost } from "../../infra/local/host";
import type { CampaignInput } from "../../shared/campaigns/definition";
import { createSesClient, type SesSendClient } from "../../shared/email/ses-mailer";
import type { CanonicalEvent } from "../../shared/events/catalog";
import { signHex } from "../../shared/http/signature";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { customerEvent, orderPlaced } from "../support/builders";
import { dispatchReads } from "./dispatch.bench";
import { fmt, percentile, type Row, type Section } from "./harness";
import { sendRateRows } from "./send-rate.bench";

/** An order confirmation: transactional (no consent, budget or quiet hours) and without a wait. */
const ORDER_CONFIRMATION: CampaignInput = {
  id: "bench-order-confirmation",
  name: "Order confirmation (bench)",
  description: "Sent at once on every order: the immediate path through track-journeys.",
  priority: "transactional",
  trigger: { event: "order.placed", correlate: "event.data.orderId" },
  wait: { kind: "none" },
  reentry: { kind: "once-per-key" },
  templates: {
    de: { subject: "Bestellung {{orderId}}", html: "<p>Danke!</p>", text: "Danke!" },
    en: { subject: "Order {{orderId}}", html: "<p>Thank you!</p>", text: "Thank you!" },
  },
};

/** Wraps the SES client and notes when SES local accepted (and so stored) the mail for each recipient. */
class AcceptClock implements SesSendClient {
  private readonly accepted = new Map<string, number>();
  private readonly waiting = new Map<string, (at: number) => void>();
  constructor(private readonly inner: SesSendClient) {}

  async send(command: SendEmailCommand) {
    const out = await this.inner.send(command);
    const at = performance.now();
    const to = command.input.Destination?.ToAddresses?.[0] ?? "";
    this.accepted.set(to, at);
    this.waiting.get(to)?.(at);
    return out;
  }

  acceptedAt(to: string, timeoutMs = 30_000): Promise<number> {
    const at = this.accepted.get(to);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no mail accepted within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.set(to, (t) => {
        clearTimeout(timer);
        resolve(t);
      });
    });
  }
}

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

/**
 * Event-to-send latency of an immediate campaign through the local host: from POST /events (signed)
 * to SES local accepting the mail, one event in flight, for known customers.
 */
async function immediateLatency(endpoints: { dynamo: string; ses: string }): Promise<Row[]> {
  const warmup = 10;
  const n = 200;
  const clock = new AcceptClock(createSesClient({ endpoint: endpoints.ses, ...localClientConfig() }));
  const host = await startLocalHost({
    port: 0,
    dynamoEndpoint: endpoints.dynamo,
    sesEndpoint: endpoints.ses,
    tableName: `bench-latency-${randomUUID().slice(0, 8)}`,
    campaigns: [ORDER_CONFIRMATION],
    ses: clock,
  });
  try {
    const run = randomUUID().slice(0, 8);
    const customers = Array.from({ length: warmup + n }, (_, i) => ({
      id: `lat-${run}-${i}`,
      email: `lat-${run}-${i}@bench.example`,
      firstName: "Kim",
      locale: "en-US",
    }));
    for (let i = 0; i < customers.length; i += 50) {
      await post(
        host.url,
        customers.slice(i, i + 50).map((customer) => customerEvent("customer.registered", { customer })),
      );
    }
    await host.bus.idle();
    const latencies: number[] = [];
    for (const [i, customer] of customers.entries()) {
      const start = performance.now();
      await post(host.url, [
        orderPlaced({ customer, orderId: `lat-o-${run}-${i}`, at: new Date().toISOString() }),
      ]);
      const accepted = await clock.acceptedAt(customer.email);
      if (i >= warmup) latencies.push(accepted - start);
      // The rest of the event's work (profile writer, message.sent) finishes before the next event.
      await host.bus.idle();
    }
    const res = await fetch(`${endpoints.ses}/store`);
    const { emails } = (await res.json()) as { emails: { destination: { to: string[] } }[] };
    const mailed = emails.filter((e) => e.destination.to.some((to) => to.startsWith(`lat-${run}-`)));
    if (mailed.length !== customers.length)
      throw new Error(`${mailed.length} mails for ${customers.length} orders`);
    return [
      {
        name: `immediate campaign, event to send (POST /events -> SES local accepted), p50 of ${n}`,
        value: `${fmt(percentile(latencies, 50), 0)} ms`,
        note: "transactional, wait none, one event in flight",
      },
      { name: "immediate campaign, event to send, p99", value: `${fmt(percentile(latencies, 99), 0)} ms` },
    ];
  } finally {
    await host.stop();
  }
}

/** The campaign engine's figures (issue 4): immediate latency, dispatch reads, send rate under throttling. */
export async function campaignEngine(endpoints: { dynamo: string; ses: string }): Promise<Section> {
  const rows = [
    ...(await immediateLatency(endpoints)),
    ...(await sendRateRows(endpoints.ses)),
    ...(await dispatchReads(endpoints, { maxInstances: 100_000, loadBudgetMs: 150_000 })),
  ];
  return { title: "Campaign engine (local host, DynamoDB Local, SES local)", rows };
}
