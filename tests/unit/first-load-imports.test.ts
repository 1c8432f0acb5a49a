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

/**
 * Decision 049: xstate (12.8 KB gzip) stays off a page's first load. Browser code takes the
 * machines' names from `#machines/names` and their step lists from `#machines/steps` (plain
 * data); what a state allows comes with the loader's data. Type imports are erased and allowed.
 */
const machineModule = (spec: string) =>
  spec === "xstate" ||
  spec === "@xstate/react" ||
  (/^#machines\//.test(spec) && !/^#machines\/(names|steps)$/.test(spec));

describe("browser modules import no machine (xstate) statically", () => {
  it.each(browserFiles)("%s", (file) => {
    const offending = staticValueImports(fs.readFileSync(path.join(root, file), "utf8")).filter(machineModule);
    expect(offending).toEqual([]);
  });

  it("the check sees a machine import and lets plain names through (it can fail)", () => {
    const source =
      'import { TRANSITION_STATES } from "#machines/transition";\nimport { PLAN_EVENT_TYPES } from "#machines/names";\nimport type { MachineEdge } from "#machines/graph";\n';
    expect(staticValueImports(source).filter(machineModule)).toEqual(["#machines/transition"]);
  });

  it("the plain-data modules themselves import no xstate", () => {
    for (const file of ["machines/names.ts", "machines/steps.ts"]) {
      expect(staticValueImports(fs.readFileSync(path.join(root, file), "utf8"))).toEqual([]);
    }
  });
});

/**
 * Decision 049: react-hook-form (14.9 KB gzip) only on pages with a form of their own. A module
 * that shows messages, fields or the error summary without the form hook takes them from
 * form-messages.tsx; a value import of form.tsx is for `useValidatedForm`.
 */
const importsFormHookModule = (source: string) =>
  staticValueImports(source).some((spec) => spec === "#app/components/form" || spec === "./form");

describe("only modules that use the form hook import form.tsx", () => {
  it.each(browserFiles)("%s", (file) => {
    const source = fs.readFileSync(path.join(root, file), "utf8");
    expect(importsFormHookModule(source) && !/\buseValidatedForm\s*[<(]/.test(source)).toBe(false);
  });

  it("the check sees a message-only import of form.tsx (it can fail)", () => {
    const source = 'import { FormError } from "#app/components/form";\nexport const X = () => <FormError />;\n';
    expect(importsFormHookModule(source) && !/\buseValidatedForm\s*[<(]/.test(source)).toBe(true);
  });
});
