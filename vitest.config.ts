import { defineConfig } from "vitest/config";

/**
 * The end-to-end stories that also run on the hostile local bus (duplicates, delays, every tick
 * fired twice; infra/local/local-bus.ts): the playbook, privacy and survey stories must tell the
 * same outcome however EventBridge and Scheduler deliver.
 */
const HOSTILE_STORIES = [
  "test/integration/playbook-welcome.int.test.ts",
  "test/integration/playbook-post-purchase.int.test.ts",
  "test/integration/playbook-survey.int.test.ts",
  "test/integration/privacy-erase.int.test.ts",
  "test/integration/privacy-late-events.int.test.ts",
  "test/integration/privacy-late-survey.int.test.ts",
  "test/integration/privacy-opt-in.int.test.ts",
];

export default defineConfig({
  test: {
    exclude: ["node_modules/**", "cdk.out/**", "test/bench/**"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: integration files share two emulators; keep the pool small and predictable.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: "calm", include: ["{shared,functions,infra,test}/**/*.test.ts"] } },
      {
        extends: true,
        test: { name: "hostile", include: HOSTILE_STORIES, env: { LOCAL_BUS_MODE: "hostile" } },
      },
    ],
  },
});
