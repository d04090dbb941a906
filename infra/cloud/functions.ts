import type { FunctionId, Route } from "../../shared/events/routing";
import type { HttpRoute } from "../../shared/http/routes";
import type { IndexName } from "../../shared/persistence/table-design";
import type { ScheduledJob } from "./bus";
import type { SecretName } from "./secrets";

/**
 * Every DynamoDB action a function may be granted. A closed list, so `dynamodb:*` or a
 * `grantReadWriteData` bundle cannot slip in through the registry.
 */
export type TableAction =
  | "dynamodb:GetItem"
  | "dynamodb:BatchGetItem"
  | "dynamodb:Query"
  | "dynamodb:PutItem"
  | "dynamodb:UpdateItem"
  | "dynamodb:DeleteItem"
  | "dynamodb:BatchWriteItem"
  | "dynamodb:ConditionCheckItem"
  | "dynamodb:Scan";

/** Indexes are only ever queried; items are written through the base table. */
export type IndexAction = "dynamodb:Query";

/**
 * The SES actions a function may be granted. ses:SendEmail is granted on the sender's identity and
 * the stack's configuration set only (SES authorises a send on both); ses:GetAccount supports no
 * resource-level permissions, so it is granted on `*` (acknowledged in cdk-nag where it is used).
 */
export type SesAction = "ses:SendEmail" | "ses:GetAccount";

/** What one Lambda touches in AWS; the stack turns this into its env and its IAM policy, nothing more. */
export interface FunctionSpec {
  readonly description: string;
  /** Exact actions on the base table (granted on the table's ARN only). */
  readonly table?: readonly TableAction[];
  /** Exact actions per index (granted on that index's ARN only, never `index/*`). */
  readonly indexes?: Readonly<Partial<Record<IndexName, readonly IndexAction[]>>>;
  /** events:PutEvents on the custom bus, and EVENT_BUS_NAME in the env. */
  readonly putEvents?: boolean;
  /** Each becomes `<NAME>_ARN` in the env and a read grant on that one secret. */
  readonly secrets?: readonly SecretName[];
  /**
   * Exact SES actions. ses:SendEmail also brings SENDER, PUBLIC_BASE_URL (links in emails),
   * SES_CONFIGURATION_SET (so SES publishes the message's events to the default bus) and the
   * campaign engine's settings from the deployment configuration into the env.
   */
  readonly ses?: readonly SesAction[];
  /**
   * Reads the shops' own webhook secrets named in the deployment configuration (`shops`): a read
   * grant on each and SHOP_SECRET_IDS in the env.
   */
  readonly shopSecrets?: boolean;
  readonly memorySize?: number;
  readonly timeoutSeconds?: number;
}

/**
 * The registry: one entry per folder in functions/. Adding a Lambda = adding its id to FunctionId
 * (shared/events/routing.ts), its folder, and an entry here listing exactly what it touches.
 */
export const FUNCTIONS: Readonly<Partial<Record<FunctionId, FunctionSpec>>> = {
  "ingest-events": {
    description: "POST /events: verifies the signature, validates, puts the events on the bus",
    putEvents: true,
    secrets: ["EVENTS_API_SECRET"],
  },
  "receive-webhooks": {
    description:
      "POST /webhooks/{platform}: verifies Shopify, WooCommerce and Shopware webhooks, maps them to canonical events",
    // Delivery log: GetItem to skip a known delivery, PutItem to remember it after PutEvents.
    // Erase requests (shared/privacy/erase.ts): Query the customer's partition, DeleteItem each item,
    // PutItem the salted hash on the suppression list; byEmail finds the same person's guest profile.
    table: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:DeleteItem"],
    indexes: { byEmail: ["dynamodb:Query"] },
    putEvents: true,
    secrets: [
      "SHOPIFY_WEBHOOK_SECRET",
      "WOOCOMMERCE_WEBHOOK_SECRET",
      "SHOPWARE_SHOP_SECRET",
      "SUPPRESSION_SALT",
    ],
    shopSecrets: true,
    timeoutSeconds: 10,
  },
  "apply-shop-event": {
    description: "Folds customer, consent and order events into the customer's profile",
    // Fast path: one conditional UpdateItem; slow path (duplicate, out of order): GetItem after a
    // lost race and a version-checked PutItem (apply-event.ts, profile-store.ts). Never a delete.
    // Consent events also append to the consent ledger: a conditional PutItem per event id (after a
    // GetItem of the profile for a click on our unsubscribe or confirmation link, which must find one).
    // Query: a heavy customer's chunk items (older orders, shared/persistence/profile-chunks.ts).
    table: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"],
    // Async EventBridge target: room for a few optimistic-concurrency retries per event.
    timeoutSeconds: 30,
  },
  "apply-catalog-event": {
    description: "Keeps the shop's catalog from product events: one item per product, last writer wins",
    // One conditional UpdateItem per product event (last writer wins by event time); never a read.
    // An order with product ids: one transaction of a conditional PutItem (the order's marker)
    // and an UpdateItem (ADD) per product.
    table: ["dynamodb:UpdateItem", "dynamodb:PutItem"],
  },
  "serve-admin": {
    description: "Admin API: profiles by id or email, GDPR export and erase, and the health check",
    // Export and erase (shared/privacy): one Query of the customer's partition, DeleteItem per item
    // (not BatchWriteItem, which could also write), PutItem of the erased address's salted hash.
    table: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:DeleteItem", "dynamodb:PutItem"],
    indexes: { byEmail: ["dynamodb:Query"] },
    secrets: ["SUPPRESSION_SALT"],
  },
  "track-journeys": {
    description: "Starts and ends campaign journeys on bus events; sends at once what does not wait",
    // Profile load and instance lookup (GetItem), instance creation (conditional PutItem), the
    // customer's instances (Query on the base table, customer partition), exits and the claim
    // transaction (UpdateItem on instance and profile budget, ConditionCheckItem on the address's
    // deployment-wide and shop suppression items). TransactWriteItems has no IAM action of its own: each item's action is authorised.
    // GetItem of the erase guard after its writes, DeleteItem of what it wrote for an erased customer.
    table: [
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:Query",
      "dynamodb:ConditionCheckItem",
      "dynamodb:DeleteItem",
      // The breaker's per-day counters (shared/persistence/send-stats.ts): read, and ADD on a send;
      // and the product block's chosen products, re-read consistently at send time (shared/catalog).
      "dynamodb:BatchGetItem",
    ],
    // The product block: a category's available products (shared/catalog/catalog-store.ts).
    indexes: { byCategory: ["dynamodb:Query"] },
    putEvents: true,
    secrets: ["TOKEN_SIGNING_KEY", "SUPPRESSION_SALT"],
    // Campaigns that do not wait are sent from here, through the same claim path as dispatch.
    ses: ["ses:SendEmail"],
    // Async EventBridge target: room for a profile read, a few writes and an SES send per campaign.
    timeoutSeconds: 30,
  },
  "dispatch-messages": {
    description: "Scheduled every minute: sends the journey messages that are due",
    // Cursor (GetItem, PutItem), profile load (GetItem), defer/finish/markSent (UpdateItem), the
    // claim transaction (UpdateItem, ConditionCheckItem). No Query on the base table: what is due
    // comes from the byDueTime index only; Query reads only a heavy customer's profile chunk items.
    // The breaker's per-day counters: BatchGetItem once per shop and run, ADD (UpdateItem) per send.
    // The run's lease (shared/persistence/dispatch-lease.ts): conditional PutItem, DeleteItem to release.
    table: [
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:ConditionCheckItem",
      "dynamodb:BatchGetItem",
      "dynamodb:DeleteItem",
      "dynamodb:Query",
    ],
    // byCategory: the product block's available products at send time (shared/catalog).
    indexes: { byDueTime: ["dynamodb:Query"], byCategory: ["dynamodb:Query"] },
    putEvents: true,
    secrets: ["TOKEN_SIGNING_KEY", "SUPPRESSION_SALT"],
    // GetAccount at cold start reads the account's MaxSendRate, so sends stay under it.
    ses: ["ses:SendEmail", "ses:GetAccount"],
    // One run sends at SES's rate for up to a minute; more memory is more CPU for rendering.
    // The claim lease (300 s) outlasts the timeout, so an overlapping run cannot take a claim.
    memorySize: 1024,
    timeoutSeconds: 60,
  },
  "record-email-feedback": {
    description: "SES events from the default bus: suppresses bounces and complaints, publishes outcomes",
    // Suppression items only: a conditional PutItem (first reason wins). It never reads the list.
    // Plus the breaker's per-day counters: an ADD (UpdateItem) per bounce or complaint.
    table: ["dynamodb:PutItem", "dynamodb:UpdateItem"],
    putEvents: true,
    secrets: ["SUPPRESSION_SALT"],
  },
  "serve-unsubscribe": {
    description: "GET/POST /unsubscribe: verifies the signed link, publishes consent.revoked",
    putEvents: true,
    secrets: ["TOKEN_SIGNING_KEY"],
  },
  "confirm-consent": {
    description: "GET/POST /confirm: verifies the signed double opt-in link, publishes consent.granted",
    putEvents: true,
    secrets: ["TOKEN_SIGNING_KEY"],
  },
  "answer-survey": {
    description:
      "GET/POST /survey: verifies the signed survey link, keeps the first answer, publishes survey.answered",
    // One transaction per answer: ConditionCheckItem that the profile exists (an erased customer's
    // old link records nothing) and a conditional PutItem (the first answer per survey wins); a
    // later answer gets the first back with ReturnValuesOnConditionCheckFailure, which needs no
    // read permission. GetItem: the profile's key only, before the form is shown.
    table: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:ConditionCheckItem"],
    putEvents: true,
    secrets: ["TOKEN_SIGNING_KEY"],
  },
  "follow-up-surveys": {
    description:
      "Survey answers and orders with a referral code: customer.detractor, referral codes, referral.rewarded",
    // GetItem: the new customer's and the referrer's profiles, a link answerer's before a detractor
    // event; PutItem: a promoter's referral item (conditional, first registration kept), for an
    // answer through our link in a transaction with ConditionCheckItem on the profile (an erased
    // customer gets none); byEmail Query: the owner of a referral code; Query: a heavy customer's
    // profile chunk items.
    table: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:ConditionCheckItem", "dynamodb:Query"],
    indexes: { byEmail: ["dynamodb:Query"] },
    putEvents: true,
    // Derives the referral codes the mails show (HMAC with the token key).
    secrets: ["TOKEN_SIGNING_KEY"],
  },
  "fit-model": {
    description: "Weekly: fits each shop's purchase model, writes RFM, ABC and predictions onto the profiles",
    // The one function that reads the whole table: a parallel Scan (profiles only, by filter).
    // PutItem: the shop's model and its entry in the shop list; UpdateItem: the profiles' p: facts.
    table: ["dynamodb:Scan", "dynamodb:PutItem", "dynamodb:UpdateItem"],
    // All profiles in memory and one fit per shop: room for a large table.
    memorySize: 2048,
    timeoutSeconds: 900,
  },
  "sweep-churn": {
    description:
      "Daily: re-evaluates customers due for a check, marks at-risk / inactive, publishes churn events",
    // Query: the shop list (one partition); GetItem: model, cursor, re-read after a lost race;
    // BatchGetItem: the due profiles; UpdateItem: prediction, mark, next check; PutItem: the cursor.
    // What is due comes from the byNextCheck index only: no Scan.
    table: [
      "dynamodb:Query",
      "dynamodb:GetItem",
      "dynamodb:BatchGetItem",
      "dynamodb:UpdateItem",
      "dynamodb:PutItem",
    ],
    indexes: { byNextCheck: ["dynamodb:Query"] },
    putEvents: true,
    memorySize: 1024,
    timeoutSeconds: 900,
  },
};

/**
 * The functions the stack deploys: every registry entry, after checking that each function a route
 * or a schedule names has one. Synth stops here, naming the function and the route, rather than deploying a rule
 * or an API route with nothing behind it.
 */
export function deployedFunctions(
  registry: Readonly<Partial<Record<FunctionId, FunctionSpec>>>,
  routes: readonly Route[],
  httpRoutes: readonly HttpRoute[],
  schedules: readonly ScheduledJob[] = [],
): Array<[FunctionId, FunctionSpec]> {
  const referrers = [
    ...routes.map((r) => ({ target: r.target, by: `bus route "${r.name}" (shared/events/routing.ts)` })),
    ...schedules.map((s) => ({ target: s.target, by: `schedule "${s.job}" (shared/events/routing.ts)` })),
    ...httpRoutes
      .filter((r) => r.auth !== "local")
      .map((r) => ({ target: r.target, by: `HTTP route "${r.method} ${r.path}" (shared/http/routes.ts)` })),
  ];
  const missing = referrers.filter((r) => registry[r.target] === undefined);
  if (missing.length > 0) {
    const lines = missing.map((m) => `function "${m.target}" is used by ${m.by}`);
    throw new Error(
      `infra/cloud/functions.ts has no entry for: ${lines.join("; ")}. ` +
        "Add it to FUNCTIONS with the table actions, bus and secrets it needs.",
    );
  }
  return Object.entries(registry).flatMap(([id, spec]) =>
    spec ? [[id as FunctionId, spec] as [FunctionId, FunctionSpec]] : [],
  );
}
