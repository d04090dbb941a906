import { type AttributeValue, ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { keys } from "./table-design";

/**
 * Survey answers and referral codes, both in the customer's partition, so export and erase find
 * them with everything else about the person and nothing about them is kept outside it.
 */

export interface SurveyAnswer {
  shop: string;
  customerKey: string;
  surveyId: string;
  orderId?: string;
  score: number;
  answeredAt: string;
}

export type RecordResult = { recorded: true } | { recorded: false; first: SurveyAnswer };

/** The port the survey page uses. */
export interface SurveyAnswers {
  /**
   * Keeps the first answer to a survey: one conditional put. A later answer (a second click, a
   * changed mind, a forwarded link) writes nothing and gets the first answer back, without a read.
   */
  record(answer: SurveyAnswer, expiresAt: number): Promise<RecordResult>;
}

/** The port the survey follow-up uses. */
export interface ReferralCodes {
  /** Registers a promoter's code (normalised); registering it again keeps the first time. */
  register(shop: string, customerKey: string, code: string, at: string): Promise<void>;
  /** The customer key whose code this is (normalised), or undefined. */
  ownerOf(shop: string, code: string): Promise<string | undefined>;
}

export class DynamoSurveyStore implements SurveyAnswers, ReferralCodes {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(answer: SurveyAnswer, expiresAt: number): Promise<RecordResult> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.surveyAnswer(answer.shop, answer.customerKey, answer.surveyId),
            type: "survey-answer",
            ...answer,
            // Once the link has expired no answer can come, and the profile keeps the score.
            expiresAt,
          },
          ConditionExpression: "attribute_not_exists(pk)",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      return { recorded: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const old = unmarshall((error.Item ?? {}) as Record<string, AttributeValue>);
      const { score, answeredAt, orderId } = old;
      // The item exists but does not read as an answer: not something to show a visitor.
      if (!Number.isInteger(score) || typeof answeredAt !== "string")
        throw new Error(`survey answer item ${answer.surveyId} is malformed`);
      return {
        recorded: false,
        first: { ...answer, score, answeredAt, ...(typeof orderId === "string" ? { orderId } : {}) },
      };
    }
  }

  async register(shop: string, customerKey: string, code: string, at: string): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
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
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
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
}
