import { describe, expect, it } from "vitest";
import { parseDeployConfig } from "./config";
import { defaultsNotice } from "./config-notice";

describe("synth without a config file", () => {
  it("says it uses the defaults, and says nothing when a file was given", () => {
    const defaults = parseDeployConfig({}, "configuration");
    expect(defaultsNotice(undefined, defaults)).toBe(
      "stammkunde: no -c config=<file> given, so the defaults are used (sender shop@example.com, 0 per-shop secrets, " +
        "no alarm address unless -c alarmEmail=); copy infra/cloud/config.example.json and pass -c config=<your file> to deploy",
    );
    expect(defaultsNotice("stammkunde.config.json", defaults)).toBeUndefined();
  });
});
