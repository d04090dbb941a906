import { createHmac } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";

/**
 * Addresses that must not be mailed again. Items hold a salted hash, never the address: the list
 * outlives an erase (GDPR Art. 17) and must not let anyone read back who was on it. No TTL.
 *
 * Each entry has a scope:
 * - deployment-wide: permanent bounces, complaints and manual entries. They concern the mailbox and
 *   the one sending identity all shops of this deployment share: a hard bounce is a bounce for
 *   every shop, and a complaint counts against everyone's reputation.
 * - one shop: erasures. An erase at shop A concerns A's customer; at shop B the same address is a
 *   separate customer with her own consent, and her mail goes on. (Unsubscribing is not an entry
 *   here: it revokes the consent on that shop's profile.)
 * Both items share the address's partition `SUPP#<hash>`: sk `SUPPRESSION` (deployment-wide; also
 * what every entry was before scopes, so older erasures stay deployment-wide) and `SHOP#<shop>`.
 * The send claim checks both in its transaction.
 */
export type SuppressionReason = "bounce" | "complaint" | "erased" | "manual";

/** One entry: its reason decides its scope, so an erasure cannot be filed deployment-wide by mistake. */
export type Suppression =
  | { reason: "bounce" | "complaint" | "manual"; at: string }
  | { reason: "erased"; at: string; shop: string };

export interface SuppressionList {
  /** Whether mail to the address on behalf of `shop` is stopped: a deployment-wide entry or one of that shop. */
  isSuppressed(email: string, shop: string): Promise<boolean>;
  /** Idempotent: an address already on the list in that scope keeps its first reason and time. */
  suppress(email: string, entry: Suppression): Promise<void>;
}

/** The salt used when SUPPRESSION_SALT is not set (the local host and tests only). */
export const LOCAL_SUPPRESSION_SALT = "local-suppression-salt";

/**
 * HMAC-SHA256 of the trimmed, lower-cased address. Keyed rather than a plain hash so that the
 * list cannot be checked against a list of known addresses without the salt (a secret).
 */
export function suppressionHash(email: string, salt: string): string {
  return createHmac("sha256", salt).update(email.trim().toLowerCase()).digest("hex");
}

/** The single-table item of one entry (see ./table-design): deployment-wide without `shop`. */
export function suppressionKey(emailHashValue: string, shop?: string): { pk: string; sk: string } {
  return { pk: `SUPP#${emailHashValue}`, sk: shop === undefined ? "SUPPRESSION" : `SHOP#${shop}` };
}

/** Every item that stops a send to the address for `shop`: the deployment-wide one and the shop's. */
export function suppressionKeys(emailHashValue: string, shop: string): { pk: string; sk: string }[] {
  return [suppressionKey(emailHashValue), suppressionKey(emailHashValue, shop)];
}

const shopOf = (entry: Suppression) => (entry.reason === "erased" ? entry.shop : undefined);

/**
 * For the dispatcher's send claim: TransactWriteItems ConditionChecks that fail when the address is
 * suppressed for the shop, so a suppression written after the dispatcher's last read still stops
 * the send.
 */
export function suppressionConditionChecks(tableName: string, emailHashValue: string, shop: string) {
  return suppressionKeys(emailHashValue, shop).map((Key) => ({
    TableName: tableName,
    Key,
    ConditionExpression: "attribute_not_exists(pk)",
  }));
}

type Salt = string | (() => Promise<string>);

export class DynamoSuppressionList implements SuppressionList {
  /**
   * `salt`: the value, or a resolver (Secrets Manager in AWS; resolveSecret caches it per
   * container and retries after a failed fetch).
   */
  constructor(
    private readonly client: Pick<DynamoDBDocumentClient, "send">,
    private readonly tableName: string,
    private readonly salt: Salt = LOCAL_SUPPRESSION_SALT,
  ) {}

  async hashOf(email: string): Promise<string> {
    const salt = typeof this.salt === "string" ? this.salt : await this.salt();
    return suppressionHash(email, salt);
  }

  async isSuppressed(email: string, shop: string): Promise<boolean> {
    const hash = await this.hashOf(email);
    const found = await Promise.all(
      suppressionKeys(hash, shop).map(async (Key) => {
        const out = await this.client.send(
          new GetCommand({
            TableName: this.tableName,
            Key,
            ProjectionExpression: "pk",
            // A complaint must stop the very next send, not one a replica later.
            ConsistentRead: true,
          }),
        );
        return out.Item !== undefined;
      }),
    );
    return found.some(Boolean);
  }

  async suppress(email: string, entry: Suppression): Promise<void> {
    const shop = shopOf(entry);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...suppressionKey(await this.hashOf(email), shop),
            type: "suppression",
            reason: entry.reason,
            suppressedAt: entry.at,
            ...(shop === undefined ? {} : { shop }),
          },
          // The first reason wins: a later "manual" must not hide that the address complained.
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

/** For unit tests; same semantics as the DynamoDB adapter (checked by one shared suite). */
export class InMemorySuppressionList implements SuppressionList {
  /** By item key (`<pk>|<sk>`), as the table holds them. */
  readonly entries = new Map<string, { reason: SuppressionReason; at: string; shop?: string }>();

  constructor(private readonly salt: string = LOCAL_SUPPRESSION_SALT) {}

  async isSuppressed(email: string, shop: string): Promise<boolean> {
    return suppressionKeys(suppressionHash(email, this.salt), shop).some((k) =>
      this.entries.has(`${k.pk}|${k.sk}`),
    );
  }

  async suppress(email: string, entry: Suppression): Promise<void> {
    const shop = shopOf(entry);
    const k = suppressionKey(suppressionHash(email, this.salt), shop);
    if (!this.entries.has(`${k.pk}|${k.sk}`))
      this.entries.set(`${k.pk}|${k.sk}`, {
        reason: entry.reason,
        at: entry.at,
        ...(shop === undefined ? {} : { shop }),
      });
  }
}
