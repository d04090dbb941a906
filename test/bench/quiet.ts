// Imported first by run.ts: ESM evaluates imports in order, and the functions' loggers read
// LOG_LEVEL when their modules load, before any statement of run.ts runs.
process.env.LOG_LEVEL ??= "SILENT";
