import { nodeMismatch } from "./node-version";

// Imported first by every entry point (npm start, the CLI, the bench), so the one-line message
// comes before anything else loads (the AWS SDK's own warning about old Node included).
const mismatch = nodeMismatch();
if (mismatch) {
  console.error(mismatch);
  process.exit(1);
}
