/**
 * The dependency rules of the project's code shape (README, "Dependency rules"), checked in `npm test`:
 * handler.ts -> use case -> shared/domain, shared/events, ports. Adapters are wired only in
 * handler.ts and infra/local.
 */
module.exports = {
  forbidden: [
    {
      name: "shared-is-a-leaf",
      comment: "shared/ never imports functions/ or infra/",
      severity: "error",
      from: { path: "^shared/", pathNot: "\\.test\\.ts$" },
      to: { path: "^(functions|infra)/" },
    },
    {
      name: "no-function-imports-another",
      comment: "a function folder imports only its own files and shared/",
      severity: "error",
      from: { path: "^functions/([^/]+)/" },
      to: { path: "^functions/", pathNot: "^functions/$1/" },
    },
    {
      name: "use-cases-stay-pure",
      comment: "use cases never import @aws-sdk; adapters are passed in by handler.ts",
      severity: "error",
      from: { path: "^functions/[^/]+/", pathNot: "(handler|config)\\.ts$|\\.test\\.ts$" },
      to: { path: "@aws-sdk" },
    },
    {
      name: "domain-has-no-aws",
      comment: "shared/domain and shared/events are pure model and rules",
      severity: "error",
      from: { path: "^shared/(domain|events|intelligence)/" },
      to: { path: "@aws-sdk|^shared/(persistence|email|messaging|runtime)/" },
    },
    {
      name: "mjml-only-at-build-time",
      comment:
        "the mail layout is compiled by test/support/build-mail-layout.ts into a committed module; " +
        "the functions fill that HTML and must not bundle MJML (~7 MB)",
      severity: "error",
      from: { path: "^(shared|functions|infra)/", pathNot: "\\.test\\.ts$" },
      to: { path: "(^|/)node_modules/mjml" },
    },
    {
      name: "only-tests-import-test-support",
      severity: "error",
      from: { path: "^(shared|functions|infra)/", pathNot: "\\.test\\.ts$" },
      to: { path: "^test/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "cdk\\.out" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
  },
};
