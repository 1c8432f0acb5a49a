import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Decision 015: zod stays off a page's first load. Route modules and components reach zod only
 * through `schemas.server` (actions) or a dynamic `import()` (forms); a static value import of
 * zod or of a domain's `schemas` from browser code brings 93 KB gzip back on every page.
 */
const root = path.resolve(import.meta.dirname, "../..");
const browserFiles = [
  ...fs.readdirSync(path.join(root, "app/routes")).map((f) => `app/routes/${f}`),
  ...fs.readdirSync(path.join(root, "app/components")).map((f) => `app/components/${f}`),
  "app/root.tsx",
  "app/utils/issues.ts",
].filter((f) => /\.tsx?$/.test(f) && !/\.server\.tsx?$/.test(f));

function staticValueImports(source: string): string[] {
  return [...source.matchAll(/^import\s+(?!type\b)[^;]*?from\s+"([^"]+)";/gms)].map((m) => m[1]!);
}

describe("browser modules import no zod statically", () => {
  it.each(browserFiles)("%s", (file) => {
    const offending = staticValueImports(fs.readFileSync(path.join(root, file), "utf8")).filter(
      (spec) => spec === "zod" || /\/schemas$/.test(spec) || /utils\/validation$/.test(spec),
    );
    expect(offending).toEqual([]);
  });

  it("the check sees a static import (it can fail)", () => {
    expect(staticValueImports('import { z } from "zod";\nimport type { X } from "./schemas";\n')).toEqual(["zod"]);
  });
});
