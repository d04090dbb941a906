import {
  type AttributeValue,
  type CancellationReason,
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { keys } from "./table-design";

/**
 * Survey answers and referral codes, both in the customer's partition, so export and erase find
 * them with everything else about the person and nothing about them is kept outside it. An answer
 * through our link, and the referral code it registers, are written only together with a check
 * that the profile exists: a link mailed before an erase must not put the person back.
 */

export interface SurveyAnswer {
  shop: string;
  customerKey: string;
  surveyId: string;
  orderId?: string;
  score: number;
  answeredAt: string;
}

/**
 * `recorded`: this is the first answer. `answered-before`: an earlier answer stands and comes back.
 * `closed`: the customer has no profile (never known, or erased): nothing was written.
 */
export type RecordResult =
  | { status: "recorded" }
  | { status: "answered-before"; first: SurveyAnswer }
  | { status: "closed" };

/** The port the survey page uses. */
export interface SurveyAnswers {
  /**
   * Keeps the first answer to a survey of a customer on file: one transaction that checks the
   * profile exists and puts the answer if there is none yet. A later answer (a second click, a
   * changed mind, a forwarded link) writes nothing and gets the first answer back, without a read;
   * an answer for a customer without a profile (erased since the mail) writes nothing at all.
   */
  record(answer: SurveyAnswer, expiresAt: number): Promise<RecordResult>;
  /** Whether the customer has a profile: the page shows no form to a person who is not on file. */
  customerOnFile(shop: string, customerKey: string): Promise<boolean>;
}

/** The port the survey follow-up uses. */
export interface ReferralCodes {
  /**
   * Registers a promoter's code (normalised); registering it again keeps the first time.
   * `mustExist`: only together with a check that the profile exists (an answer through our link:
   * the customer may have been erased since); `no-profile` when it does not, and nothing is written.
   */
  register(
    shop: string,
    customerKey: string,
    code: string,
    at: string,
    options?: { mustExist?: boolean },
  ): Promise<"registered" | "no-profile">;
  /** The customer key whose code this is (normalised), or undefined. */
  ownerOf(shop: string, code: string): Promise<string | undefined>;
  /** Whether the customer's profile exists (its key only: nothing known about her is read). */
  customerOnFile(shop: string, customerKey: string): Promise<boolean>;
}

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]>;
type Cancelled = { reasons: CancellationReason[] };

/**
 * How often a transaction that lost to a concurrent write of one of its items (a double click's
 * other request, a profile update: `TransactionConflict`) is tried again before the error stands.
 */
const CONFLICT_ATTEMPTS = 4;

export class DynamoSurveyStore implements SurveyAnswers, ReferralCodes {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(answer: SurveyAnswer, expiresAt: number): Promise<RecordResult> {
    const put = {
      TableName: this.tableName,
      Item: {
        ...keys.surveyAnswer(answer.shop, answer.customerKey, answer.surveyId),
        type: "survey-answer",
        ...answer,
        // Once the link has expired no answer can come, and the profile keeps the score.
        expiresAt,
      },
      ConditionExpression: "attribute_not_exists(pk)",
      ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
    };
    const out = await this.transact([this.profileCheck(answer.shop, answer.customerKey), { Put: put }]);
    if (out === "written") return { status: "recorded" };
    const [profile, held] = out.reasons;
    if (profile?.Code === "ConditionalCheckFailed") return { status: "closed" };
    if (held?.Code !== "ConditionalCheckFailed") throw cancelled("survey answer", out.reasons);
    const old = unmarshall((held.Item ?? {}) as Record<string, AttributeValue>);
    const { score, answeredAt, orderId } = old;
    // The item exists but does not read as an answer: not something to show a visitor.
    if (!Number.isInteger(score) || typeof answeredAt !== "string")
      throw new Error(`survey answer item ${answer.surveyId} is malformed`);
    return {
      status: "answered-before",
      first: { ...answer, score, answeredAt, ...(typeof orderId === "string" ? { orderId } : {}) },
    };
  }

  async customerOnFile(shop: string, customerKey: string): Promise<boolean> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.profile(shop, customerKey),
        // The key only: whether the person is on file, not what is known about her.
        ProjectionExpression: "pk",
        ConsistentRead: true,
      }),
    );
    return out.Item !== undefined;
  }

  async register(
    shop: string,
    customerKey: string,
    code: string,
    at: string,
    options: { mustExist?: boolean } = {},
  ): Promise<"registered" | "no-profile"> {
    const put = {
      TableName: this.tableName,
      Item: {
        ...keys.referral(shop, customerKey),
        type: "referral",
        shop,
        customerKey,
        code,
        registeredAt: at,
        gsi1pk: keys.referralIndex(shop, code),
        gsi1sk: customerKey,
      },
      ConditionExpression: "attribute_not_exists(pk)",
    };
    if (!options.mustExist) {
      try {
        await this.db.send(new PutCommand(put));
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
      return "registered";
    }
    const out = await this.transact([this.profileCheck(shop, customerKey), { Put: put }]);
    if (out === "written") return "registered";
    const [profile, held] = out.reasons;
    if (profile?.Code === "ConditionalCheckFailed") return "no-profile";
    // Registered before: the first registration stays.
    if (held?.Code === "ConditionalCheckFailed") return "registered";
    throw cancelled("referral registration", out.reasons);
  }

  async ownerOf(shop: string, code: string): Promise<string | undefined> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "byEmail",
        KeyConditionExpression: "gsi1pk = :c",
        ExpressionAttributeValues: { ":c": keys.referralIndex(shop, code) },
        Limit: 2,
      }),
    );
    const owners = [...new Set((out.Items ?? []).map((i) => i.gsi1sk as string))];
    // Two customers with one code (a 40-bit collision) reward nobody rather than the wrong one.
    return owners.length === 1 ? owners[0] : undefined;
  }

  /** The condition that the customer is on file, as the first item of a transaction. */
  private profileCheck(shop: string, customerKey: string): TransactItems[number] {
    return {
      ConditionCheck: {
        TableName: this.tableName,
        Key: keys.profile(shop, customerKey),
        ConditionExpression: "attribute_exists(pk)",
      },
    };
  }

  /** Runs the transaction; a failed condition comes back with the reasons, a conflict is retried. */
  private async transact(items: TransactItems): Promise<"written" | Cancelled> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: items }));
        return "written";
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        // A failed condition is an answer; only a conflict without one is worth another try.
        const failed = reasons.some((r) => r.Code === "ConditionalCheckFailed");
        if (failed || !reasons.some((r) => r.Code === "TransactionConflict")) return { reasons };
        if (attempt >= CONFLICT_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
      }
    }
  }
}

/** The reasons' codes only: the items they carry name a customer. */
function cancelled(what: string, reasons: CancellationReason[]): Error {
  return new Error(`${what} transaction cancelled: ${reasons.map((r) => r.Code ?? "?").join(", ")}`);
}
