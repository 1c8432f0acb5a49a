import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildProblem } from "../../scripts/lib/server";

/** Issue #7: `npm run bench` refuses a development build (and a missing one) and says why. */
describe("bench refuses what is not a production build", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };

  it("no build", () => {
    expect(buildProblem(path.join(dir, "missing.js"))).toMatch(/^no build found: run `npm run build`/);
  });
  it("a development build (remix dev)", () => {
    expect(buildProblem(file("dev.js", 'var mode = "development";\n'))).toMatch(
      /is a development build: run `npm run build`/,
    );
  });
  it("a production build passes", () => {
    expect(buildProblem(file("prod.js", 'var mode = "production";\n'))).toBeNull();
  });
});
