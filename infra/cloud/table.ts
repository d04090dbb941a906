import { RemovalPolicy } from "aws-cdk-lib";
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from "aws-cdk-lib/aws-dynamodb";
import { Construct } from "constructs";
import { TABLE_DESIGN } from "../../shared/persistence/table-design";

/**
 * The single table, built from TABLE_DESIGN (the same definition the local host uses to create it
 * in DynamoDB Local). Every key attribute is a string: the design's keys are composed ids
 * (`S#<shop>#C#<key>`, minute and day buckets), never numbers.
 */
export class StammkundeTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, "Table", {
      partitionKey: { name: TABLE_DESIGN.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_DESIGN.sortKey, type: AttributeType.STRING },
      // Traffic follows shop campaigns and imports in bursts; on-demand needs no capacity planning.
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The AWS-managed `aws/dynamodb` KMS key: its use shows in CloudTrail, and no function role
      // needs KMS grants; a customer-managed key can replace it later without a table rebuild.
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TABLE_DESIGN.ttlAttribute,
      // Customer profiles and consent proof outlive any stack: never drop them with `cdk destroy`.
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    for (const index of TABLE_DESIGN.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType[index.projection],
      });
    }
  }

  /** The ARN of one index, for grants scoped to it (Table.grant would cover `index/*`). */
  indexArn(indexName: string): string {
    return `${this.table.tableArn}/index/${indexName}`;
  }
}
