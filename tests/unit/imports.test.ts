import { execFileSync } from "node:child_process";
import fs from "node:fs";

/** Decision 028: an import that leaves its folder names the top-level folder (#app/, #db/, #machines/, #tests/). */
describe("one import alias", () => {
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts", "*.tsx"], {
    encoding: "utf8",
  })
    .split("\n")
    .filter((f) => /^(app|db|machines|tests)\//.test(f) && fs.existsSync(f));
  const specifier = /(?:\bfrom|\bimport\s*\(|^\s*import)\s*["']([^"']+)["']/gm;

  it("finds the source files", () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it("no import climbs out of its folder with ../ or uses the old ~/ alias", () => {
    const offending: string[] = [];
    for (const f of files) {
      for (const m of fs.readFileSync(f, "utf8").matchAll(specifier)) {
        const spec = m[1]!;
        if (spec.startsWith("~/") || (spec.startsWith("../") && !/^(\.\.\/)+scripts\//.test(spec))) {
          offending.push(`${f}: ${spec}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });
});
