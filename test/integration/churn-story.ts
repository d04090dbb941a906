import { expect } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import { admin } from "../support/local-host";
import { order, type StoryCustomer, send } from "./playbook-story";

/**
 * Steps for the stories of the campaigns that start on the customer-intelligence jobs
 * (reactivation, replenishment): the scheduler fires `fit-model` or `churn-sweep` at `now`
 * (through the local host's job route, as an operator would), and what they publish is delivered.
 */
export async function runJob(host: LocalHost, name: "fit-model" | "churn-sweep", now: string) {
  host.clock.set(now);
  const res = await admin(host, `/admin/jobs/${name}`, { method: "POST", body: JSON.stringify({ now }) });
  expect(res.status).toBe(200);
  await host.bus.idle();
  return (await res.json()) as { shops: Array<{ shop: string; churnRisk?: number; nextOrderDue?: number }> };
}

/** A customer's orders on the given days, one category each (the same one: a regular's rhythm). */
export async function ordersOn(
  host: LocalHost,
  customer: StoryCustomer,
  days: readonly string[],
  categories: string[] | ((i: number) => string[]),
) {
  await send(
    host,
    days.map((day, i) =>
      order(customer, {
        orderId: `o-${day}`,
        at: `${day}T09:00:00.000Z`,
        categories: typeof categories === "function" ? categories(i) : categories,
      }),
    ),
  );
}

/** The profile as the admin route returns it. */
export async function profileOf(host: LocalHost, customer: { id: string }) {
  const res = await admin(host, `/admin/customers/${customer.id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as {
    lifecycleStage: string;
    repeatCategory: string | null;
    predictions: { status: string; nextOrderDueAt: string } | null;
  };
}
