/**
 * What the stack costs per month in AWS, from the units the bench measures per event and AWS's
 * public list prices. Pure arithmetic: `npm run cli -- costs` prints it, README's "Costs" table is
 * generated from it (a test fails on drift), and `npm run bench` recomputes it with the units of
 * its own run.
 */

/** US East (N. Virginia) list prices in USD, as published on each service's pricing page. */
export const PRICES = {
  region: "us-east-1",
  asOf: "2025-06",
  /** On-demand, Standard table class (after the November 2024 reduction). */
  dynamoPerMillionWrites: 0.625,
  dynamoPerMillionReads: 0.125,
  dynamoPerGbMonth: 0.25,
  /** Arm64 (the house function's architecture), first tier. */
  lambdaPerMillionRequests: 0.2,
  lambdaPerGbSecond: 0.0000133334,
  eventBridgePerMillionCustomEvents: 1.0,
  sesPerThousandMails: 0.1,
  httpApiPerMillionRequests: 1.0,
  logsPerGbIngested: 0.5,
  alarmPerMonth: 0.1,
  /** A custom metric (EMF or metric filter), first 10,000. */
  metricPerMonth: 0.3,
  dashboardPerMonth: 3.0,
  xrayPerMillionTraces: 5.0,
  xrayFreeTraces: 100_000,
  secretPerMonth: 0.4,
  kmsKeyPerMonth: 1.0,
} as const;
export type Prices = { [K in keyof typeof PRICES]: (typeof PRICES)[K] extends string ? string : number };

/** Measured by `npm run bench` (README "Performance"); the drift test compares the first with it. */
export const MEASURED = {
  /** "new or in-order event": one conditional UpdateItem of the profile. */
  profileWriteWcuPerEvent: 1.4,
  /**
   * Per mail: the instance's PutItem, the claim transaction (instance, profile budget and the
   * deployment-wide and the shop's suppression checks: 4 items at 2 WCU), markSent and the
   * breaker's counter (1 WCU each).
   */
  sendWcuPerMail: 11,
  /**
   * Per mail: dispatch's reads ("dispatch, all reads per due message": 1.07 RCU) and the
   * tracker's profile and instance reads when the journey starts.
   */
  sendRcuPerMail: 2,
} as const;
export type Units = { [K in keyof typeof MEASURED]: number };

export interface Assumptions {
  /** Inbound events (webhook deliveries or POST /events) per customer and month. */
  eventsPerCustomer: number;
  /** Campaign mails per customer and month (the default budget allows at most about 13). */
  mailsPerCustomer: number;
  /** SES events per mail that come back (send, delivery, plus opens and clicks). */
  feedbackPerMail: number;
  /** Stored per customer: profile, consent ledger and a year of journey instances. */
  kbPerCustomer: number;
  /** Lambda milliseconds per invocation at 512 MB (the house default), and per mail at dispatch (1024 MB). */
  msPerInvocation: number;
  msPerMailAtDispatch: number;
  /** Log bytes written per invocation. */
  logBytesPerInvocation: number;
  /** Shops with a secret of their own, besides the stack's 6 secrets. */
  shopSecrets: number;
  /** Alarms the stack creates (one per dead-letter queue and per function, the breaker), as synthesised. */
  alarms: number;
  /**
   * Custom metrics: the dashboard's metric filters (5), the campaign engine's EMF metrics (4) and
   * receive-webhooks' unknown-topic count per platform (3).
   */
  customMetrics: number;
}

export const DEFAULT_ASSUMPTIONS: Assumptions = {
  eventsPerCustomer: 3,
  mailsPerCustomer: 2,
  feedbackPerMail: 2.4,
  kbPerCustomer: 30,
  msPerInvocation: 40,
  msPerMailAtDispatch: 60,
  logBytesPerInvocation: 1000,
  shopSecrets: 1,
  alarms: 29,
  customMetrics: 12,
};

export interface CostLine {
  item: string;
  usd: number;
}

const MINUTES_PER_MONTH = 43_800;
const WEEKS_PER_MONTH = 4.35;

/** The monthly bill for `customers`, line by line. */
export function monthlyCost(
  customers: number,
  a: Assumptions = DEFAULT_ASSUMPTIONS,
  u: Units = MEASURED,
  p: Prices = PRICES,
): CostLine[] {
  const events = customers * a.eventsPerCustomer;
  const mails = customers * a.mailsPerCustomer;
  const feedback = mails * a.feedbackPerMail;
  // Every SES event but "sent" comes back as a message.* event; the engine adds message.sent.
  const customEvents = events + mails + (feedback - mails);
  // Ingest, profile writer and journey tracker per event; feedback, profile writer and tracker per SES event.
  const invocations = 3 * events + 3 * feedback + MINUTES_PER_MONTH + WEEKS_PER_MONTH + 30;
  const gbSeconds =
    (invocations * a.msPerInvocation * 0.5) / 1000 +
    (mails * a.msPerMailAtDispatch * 1) / 1000 +
    // fit-model: a Scan and a fit, about 0.2 ms per customer at 2 GB, weekly.
    WEEKS_PER_MONTH * (10 + customers * 0.0002) * 2;
  const writes =
    (events + feedback) * u.profileWriteWcuPerEvent +
    // Webhook dedup markers: one PutItem per delivery.
    events +
    mails * u.sendWcuPerMail +
    // fit-model writes predictions weekly; the churn sweep re-checks each customer about monthly.
    customers * (WEEKS_PER_MONTH + 1);
  const reads =
    mails * u.sendRcuPerMail +
    // The tracker reads the profile for each event it sees; the webhook log is read per delivery.
    (events + feedback) * 0.5 +
    events * 0.5 +
    // fit-model's weekly Scan: 0.5 RCU per 4 KB read.
    WEEKS_PER_MONTH * customers * (a.kbPerCustomer / 4) * 0.5 +
    customers * 0.5;
  const traces = Math.min(invocations, 2_628_000) + 0.05 * Math.max(0, invocations - 2_628_000);
  return [
    { item: "DynamoDB on-demand writes", usd: (writes / 1e6) * p.dynamoPerMillionWrites },
    { item: "DynamoDB on-demand reads", usd: (reads / 1e6) * p.dynamoPerMillionReads },
    { item: "DynamoDB storage", usd: ((customers * a.kbPerCustomer) / 1024 ** 2) * p.dynamoPerGbMonth },
    {
      item: "Lambda requests and GB-seconds",
      usd: (invocations / 1e6) * p.lambdaPerMillionRequests + gbSeconds * p.lambdaPerGbSecond,
    },
    { item: "EventBridge custom events", usd: (customEvents / 1e6) * p.eventBridgePerMillionCustomEvents },
    { item: "SES mails", usd: (mails / 1000) * p.sesPerThousandMails },
    { item: "API Gateway HTTP API", usd: (events / 1e6) * p.httpApiPerMillionRequests },
    {
      item: "CloudWatch logs, metrics, alarms, dashboard",
      usd:
        ((invocations * a.logBytesPerInvocation) / 1024 ** 3) * p.logsPerGbIngested +
        a.customMetrics * p.metricPerMonth +
        a.alarms * p.alarmPerMonth +
        p.dashboardPerMonth,
    },
    { item: "X-Ray traces", usd: (Math.max(0, traces - p.xrayFreeTraces) / 1e6) * p.xrayPerMillionTraces },
    {
      item: "Secrets Manager and KMS",
      usd: (6 + a.shopSecrets) * p.secretPerMonth + p.kmsKeyPerMonth,
    },
  ];
}

export const TIERS = [10_000, 100_000, 1_000_000] as const;

const usd = (n: number) => (n >= 100 ? `$${Math.round(n).toLocaleString("en-US")}` : `$${n.toFixed(2)}`);

/** The table of README's "Costs": one column per tier, one row per line item, and the total. */
export function costMarkdown(
  tiers: readonly number[] = TIERS,
  a: Assumptions = DEFAULT_ASSUMPTIONS,
  u: Units = MEASURED,
  p: Prices = PRICES,
): string {
  const bills = tiers.map((n) => monthlyCost(n, a, u, p));
  const head = `| per month, ${p.region} | ${tiers.map((n) => `${n.toLocaleString("en-US")} customers`).join(" | ")} |`;
  const rule = `|---|${tiers.map(() => "---:").join("|")}|`;
  const rows = (bills[0] ?? []).map(
    (line, i) => `| ${line.item} | ${bills.map((b) => usd(b[i]?.usd ?? 0)).join(" | ")} |`,
  );
  const total = `| **total** | ${bills.map((b) => `**${usd(b.reduce((s, l) => s + l.usd, 0))}**`).join(" | ")} |`;
  const perCustomer = `| per customer | ${bills
    .map((b, i) => `$${(b.reduce((s, l) => s + l.usd, 0) / (tiers[i] ?? 1)).toFixed(4)}`)
    .join(" | ")} |`;
  return [head, rule, ...rows, total, perCustomer].join("\n");
}
