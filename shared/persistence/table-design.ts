/**
 * The single table's keys and indexes, read by the CDK stack (infra/cloud) and by the local host
 * when it creates the table in DynamoDB Local: one definition, two hosts.
 *
 * Items (pk / sk):
 *   S#<shop>#C#<customerKey> / PROFILE     the customer profile (one item per customer)
 *   MODEL#<shop> / PARAMS | SWEEP          a shop's fitted model; the churn sweep's cursor (insight jobs)
 *   SHOPS / <shop>                         the shops the model job has seen (the sweep's list)
 *   IMPORT#<shop> / <format>#<file hash>  how far an import of that file got (import-state-store.ts)
 *   SUPP#<hash> / SUPPRESSION | SHOP#<shop> a suppressed address: deployment-wide, or one shop's
 *   STATS#<shop> | STATS#* / DAY#<day>     the circuit breaker's daily counters
 *   S#<shop>#C#<customerKey> / SURVEY#<id> the first answer to a survey (expires with its link)
 *   S#<shop>#C#<customerKey> / REFERRAL    a promoter's referral code, found by code via byEmail
 *   S#<shop>#C#<customerKey> / J#<campaign>#<key>   a journey instance (journey-store.ts)
 *   S#<shop>#C#<customerKey> / COOLDOWN#<campaign>  a cooldown campaign's latest start (re-entry guard)
 *   S#<shop>#P#<productId> / PRODUCT       one catalog item per product (shared/catalog), in byCategory while available
 *   S#<shop>#O#<orderId> / PAIRS           an order's bought-together counts were added (once per order)
 * Later capabilities add their items under the same customer partition (journeys, messages,
 * consent ledger) so that export and erase are one Query per customer.
 */
export const TABLE_DESIGN = {
  partitionKey: "pk",
  sortKey: "sk",
  /** Epoch seconds; DynamoDB's TTL deletes expired items (dedup markers, expired opt-in requests). */
  ttlAttribute: "expiresAt",
  indexes: [
    {
      name: "byEmail",
      partitionKey: "gsi1pk",
      sortKey: "gsi1sk",
      // Keys only: a profile write that keeps the email does not write the index at all.
      projection: "KEYS_ONLY",
      purpose:
        "find a shop's customer by email (hash of the address; no personal data in keys) or by referral code",
    },
    {
      name: "byDueTime",
      partitionKey: "duePk",
      sortKey: "dueSk",
      projection: "ALL",
      purpose: "campaign dispatch: scheduled messages by minute bucket, read with a Query per bucket",
    },
    {
      name: "byNextCheck",
      partitionKey: "checkPk",
      sortKey: "checkSk",
      projection: "KEYS_ONLY",
      purpose: "churn sweep: profiles due for re-evaluation by day, never a table scan",
    },
    {
      name: "byCategory",
      partitionKey: "catPk",
      sortKey: "catSk",
      // Sparse: only available products carry the keys, so a sold-out or deleted one is not even read.
      projection: "ALL",
      purpose: "product blocks: a shop's available products of a category, newest first",
    },
  ],
} as const;

export type IndexName = (typeof TABLE_DESIGN.indexes)[number]["name"];

export const keys = {
  profile: (shop: string, customerKey: string) => ({ pk: `S#${shop}#C#${customerKey}`, sk: "PROFILE" }),
  emailIndex: (shop: string, emailHash: string) => `S#${shop}#E#${emailHash}`,
  surveyAnswer: (shop: string, customerKey: string, surveyId: string) => ({
    pk: `S#${shop}#C#${customerKey}`,
    sk: `SURVEY#${surveyId}`,
  }),
  referral: (shop: string, customerKey: string) => ({ pk: `S#${shop}#C#${customerKey}`, sk: "REFERRAL" }),
  /** The byEmail index key of a referral item (the normalised code): the index is shared, the prefixes differ. */
  referralIndex: (shop: string, code: string) => `S#${shop}#R#${code}`,
  product: (shop: string, productId: string) => ({ pk: `S#${shop}#P#${productId}`, sk: "PRODUCT" }),
  /** The byCategory index key of an available product. */
  categoryIndex: (shop: string, category: string) => `S#${shop}#K#${category}`,
  /** Marks an order whose bought-together counts were added, so a redelivery adds nothing. */
  orderPairs: (shop: string, orderId: string) => ({ pk: `S#${shop}#O#${orderId}`, sk: "PAIRS" }),
};
