import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { AUDIT_ACTIONS } from "#app/modules/audit/actions";

/** Every action the code writes by name is in the audit log's list, so it has a filter entry and labels. */
describe("audit actions", () => {
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "app", "db"], {
    encoding: "utf8",
  })
    .split("\n")
    .filter((f) => /\.tsx?$/.test(f) && fs.existsSync(f));
  const written = new Set<string>();
  for (const f of files) {
    for (const m of fs.readFileSync(f, "utf8").matchAll(/\baction: "([a-z_]+\.[a-z_]+)"/g)) written.add(m[1]!);
  }

  it("finds the actions the code writes", () => {
    expect(written.size).toBeGreaterThan(50);
  });

  it("lists every one of them in AUDIT_ACTIONS", () => {
    const listed = new Set<string>(AUDIT_ACTIONS);
    expect([...written].filter((a) => !listed.has(a)).sort()).toEqual([]);
  });
});
