import type { ConsumedCapacity } from "@aws-sdk/client-dynamodb";

/** Adds up what DynamoDB reports as consumed (ReturnConsumedCapacity), for the bench and metrics. */
export class CapacityMeter {
  readUnits = 0;
  writeUnits = 0;
  reads = 0;
  writes = 0;

  /** `fallbackUnits`: what to count when DynamoDB reports nothing (a failed conditional write still costs). */
  record(
    kind: "read" | "write",
    capacity: ConsumedCapacity | ConsumedCapacity[] | undefined,
    fallbackUnits = 0,
  ): void {
    const list = Array.isArray(capacity) ? capacity : capacity ? [capacity] : [];
    if (kind === "read") this.reads++;
    else this.writes++;
    if (list.length === 0) {
      if (kind === "read") this.readUnits += fallbackUnits;
      else this.writeUnits += fallbackUnits;
    }
    for (const c of list) {
      this.readUnits += c.ReadCapacityUnits ?? (kind === "read" ? (c.CapacityUnits ?? 0) : 0);
      this.writeUnits += c.WriteCapacityUnits ?? (kind === "write" ? (c.CapacityUnits ?? 0) : 0);
    }
  }

  reset(): void {
    this.readUnits = this.writeUnits = this.reads = this.writes = 0;
  }
}
