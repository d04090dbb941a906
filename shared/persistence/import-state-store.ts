import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { ResumeState, type ResumeStates } from "../importing/resume-state";

/** `IMPORT#<shop>` / `<format>#<file hash>`: one item per imported file and shop. */
const stateKey = (shop: string, importId: string) => ({ pk: `IMPORT#${shop}`, sk: importId });

export class DynamoResumeStates implements ResumeStates {
  readonly where: string;
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.where = `table "${tableName}"`;
  }

  async read(shop: string, importId: string): Promise<ResumeState | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: stateKey(shop, importId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const parsed = ResumeState.safeParse(Item.state);
    // An unreadable state only costs re-applying events, which counts nothing twice.
    return parsed.success ? parsed.data : undefined;
  }

  async write(shop: string, importId: string, state: ResumeState): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...stateKey(shop, importId), type: "import-state", state },
      }),
    );
  }
}
