import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it } from "vitest";
import type { SesSendClient } from "../email/ses-mailer";
import type { EventBus } from "../messaging/event-bus";
import { EngineEnv, engineDeps } from "./engine";

const adapters = {
  db: {} as DynamoDBDocumentClient,
  tableName: "t",
  ses: {} as SesSendClient,
  bus: {} as EventBus,
  tokenKey: "k",
  suppressionSalt: "s",
};

describe("the engine's settings from the environment", () => {
  it("takes the contact budget from CONTACT_BUDGET, defaulting to 1 a day and 3 a week", () => {
    expect(engineDeps(EngineEnv.parse({}), adapters).config.budget).toEqual([
      { limit: 1, window: "P1D" },
      { limit: 3, window: "P7D" },
    ]);
    expect(engineDeps(EngineEnv.parse({ CONTACT_BUDGET: "2/P7D, 5/P30D" }), adapters).config.budget).toEqual([
      { limit: 2, window: "P7D" },
      { limit: 5, window: "P30D" },
    ]);
  });

  it("refuses a malformed budget, naming the variable", () => {
    const parsed = EngineEnv.safeParse({ CONTACT_BUDGET: "two a week" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["CONTACT_BUDGET"]);
  });
});
