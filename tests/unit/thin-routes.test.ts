import fs from "node:fs";
import path from "node:path";

/** Issue #19 item 4: a route reads the request and draws the page; its logic lives in the modules, its sections in components. */
describe("thin routes", () => {
  const dir = "app/routes";
  const routes = fs.readdirSync(dir).filter((f) => /\.tsx?$/.test(f));

  it("finds the routes", () => {
    expect(routes.length).toBeGreaterThan(50);
  });

  it("no route is above 250 lines", () => {
    const long = routes
      .map((f) => ({ f, lines: fs.readFileSync(path.join(dir, f), "utf8").split("\n").length }))
      .filter((r) => r.lines > 250)
      .map((r) => `${r.f}: ${r.lines}`);
    expect(long).toEqual([]);
  });
});
