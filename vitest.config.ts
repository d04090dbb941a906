import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{shared,functions,infra,test}/**/*.test.ts"],
    exclude: ["node_modules/**", "cdk.out/**", "test/bench/**"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: integration files share two emulators; keep the pool small and predictable.
    maxWorkers: 2,
  },
});
