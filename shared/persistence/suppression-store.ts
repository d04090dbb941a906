import { createHmac } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";

/**
 * Addresses that must never be mailed again: hard bounces, complaints, erased customers and manual
 * entries. One list per deployment, across all shops, because a bounce or complaint is about the
 * mailbox, not the shop. Items hold a salted hash, never the address: the list outlives an erase
 * (GDPR Art. 17) and must not let anyone read back who was on it. No TTL.
 */
export type SuppressionReason = "bounce" | "complaint" | "erased" | "manual";

export interface SuppressionList {
  isSuppressed(email: string): Promise<boolean>;
  /** Idempotent: an address already on the list keeps its first reason and time. */
  suppress(email: string, reason: SuppressionReason, at: string): Promise<void>;
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

/** The single-table item of one suppressed address (see ./table-design). */
export function suppressionKey(emailHashValue: string): { pk: string; sk: string } {
  return { pk: `SUPP#${emailHashValue}`, sk: "SUPPRESSION" };
}

/**
 * For the dispatcher's send claim: a TransactWriteItems ConditionCheck that fails when the address
 * is suppressed, so a suppression written after the dispatcher's last read still stops the send.
 */
export function suppressionConditionCheck(tableName: string, emailHashValue: string) {
  return {
    TableName: tableName,
    Key: suppressionKey(emailHashValue),
    ConditionExpression: "attribute_not_exists(pk)",
  };
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

  async isSuppressed(email: string): Promise<boolean> {
    const out = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: suppressionKey(await this.hashOf(email)),
        ProjectionExpression: "pk",
        // A complaint must stop the very next send, not one a replica later.
        ConsistentRead: true,
      }),
    );
    return out.Item !== undefined;
  }

  async suppress(email: string, reason: SuppressionReason, at: string): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...suppressionKey(await this.hashOf(email)),
            type: "suppression",
            reason,
            suppressedAt: at,
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
  readonly entries = new Map<string, { reason: SuppressionReason; at: string }>();

  constructor(private readonly salt: string = LOCAL_SUPPRESSION_SALT) {}

  async isSuppressed(email: string): Promise<boolean> {
    return this.entries.has(suppressionHash(email, this.salt));
  }

  async suppress(email: string, reason: SuppressionReason, at: string): Promise<void> {
    const hash = suppressionHash(email, this.salt);
    if (!this.entries.has(hash)) this.entries.set(hash, { reason, at });
  }
}
