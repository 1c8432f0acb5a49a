import { createRequire } from "node:module";
import path from "node:path";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { matchRoutes, type AgnosticRouteObject, type createStaticHandler } from "@remix-run/router";
import { describe, expect, it, vi } from "vitest";
import { KEPT_PATHS, memoizedMatchRoutes } from "#app/utils/route-match.server";

/** The app's route tree as Remix builds it from app/routes (ids, paths, index flags, nesting). */
function appRoutes(): AgnosticRouteObject[] {
  const manifest = flatRoutes(path.resolve("app"), ["**/.*", "**/*.test.*", "**/*.spec.*"]);
  const tree = (parentId: string): AgnosticRouteObject[] =>
    Object.values(manifest)
      .filter((r) => (r.parentId ?? "root") === parentId)
      .map((r) => {
        const children = tree(r.id);
        return r.index
          ? { id: r.id, path: r.path, index: true, caseSensitive: r.caseSensitive }
          : { id: r.id, path: r.path, caseSensitive: r.caseSensitive, children };
      });
  return [{ id: "root", path: "", children: tree("root") }];
}

/** A fresh, equal tree (React Router makes one per render). */
const copy = (rs: AgnosticRouteObject[]): AgnosticRouteObject[] =>
  rs.map((r) => (r.index ? { ...r } : { ...r, children: r.children ? copy(r.children) : undefined }));

const strip = (ms: ReturnType<typeof matchRoutes>) =>
  ms?.map((m) => ({ id: m.route.id, params: m.params, pathname: m.pathname, pathnameBase: m.pathnameBase })) ?? null;

describe("memoized route matching (decision 050)", () => {
  const routes = appRoutes();
  const paths = Object.values(flatRoutes(path.resolve("app"), ["**/.*"]))
    .map((r) => `/${r.path ?? ""}`.replace(/:[A-Za-z]+/g, "42").replace(/\*$/, "a/b"))
    .concat([
      "/",
      "/residents/",
      "/residents/17?page=2",
      "/no/such/page",
      "/residents/%C5%BC",
      "//residents",
      "/RESIDENTS",
    ]);

  it("gives the original's answers for every route of the app and some odd paths, first and kept, on equal trees", () => {
    expect(paths.length).toBeGreaterThan(60);
    const memo = memoizedMatchRoutes(matchRoutes);
    for (const round of [1, 2]) {
      const tree = round === 1 ? routes : copy(routes);
      for (const p of paths)
        for (const basename of ["/", "/app"]) {
          const got = memo(tree, p, basename);
          expect(strip(got), `${p} ${basename} round ${round}`).toEqual(strip(matchRoutes(tree, p, basename)));
          // The routes handed back are the ones of the tree passed in, not of an earlier equal one.
          got?.forEach((m, i) => expect(m.route).toBe(matchRoutes(tree, p, basename)![i]!.route));
        }
      for (const p of paths)
        expect(strip(memo(tree, { pathname: p }))).toEqual(strip(matchRoutes(tree, { pathname: p })));
    }
  });

  it("asks the original once per tree shape and path, and hands out fresh match objects each time", () => {
    const original = vi.fn(matchRoutes);
    const memo = memoizedMatchRoutes(original);
    const a = memo(routes, "/residents/7")!;
    const b = memo(copy(routes), "/residents/7")!;
    expect(original).toHaveBeenCalledTimes(1);
    expect(a).not.toBe(b);
    expect(a[0]!.params).not.toBe(b[0]!.params);
    expect(b.every((m) => m.params === b[0]!.params)).toBe(true); // one params object per chain, as the original
    (b[0]!.params as Record<string, string>).residentId = "changed";
    expect(memo(routes, "/residents/7")!.at(-1)!.params.residentId).toBe("7");
    memo(routes, "/residents/8");
    expect(original).toHaveBeenCalledTimes(2);
    // Another shape (a route added) is matched afresh.
    memo([...copy(routes), { id: "extra", path: "/extra" }], "/residents/7");
    expect(original).toHaveBeenCalledTimes(3);
  });

  it("leaves a tree without ids (or with an id twice) to the original every time, and keeps a bounded number of paths", () => {
    const original = vi.fn(matchRoutes);
    const memo = memoizedMatchRoutes(original);
    const anonymous = [{ path: "/a" }, { path: "/b" }];
    memo(anonymous, "/a");
    memo(anonymous, "/a");
    const twice = [
      { id: "x", path: "/a" },
      { id: "x", path: "/b" },
    ];
    expect(strip(memo(twice, "/b"))).toEqual(strip(matchRoutes(twice, "/b")));
    memo(twice, "/b");
    expect(original).toHaveBeenCalledTimes(4);
    const small = [{ id: "r", path: "/r/:id" }];
    for (let i = 0; i <= KEPT_PATHS; i++) memo(small, `/r/${i}`);
    original.mockClear();
    memo(small, "/r/0"); // the oldest went
    memo(small, `/r/${KEPT_PATHS}`); // the newest is kept
    expect(original).toHaveBeenCalledTimes(1);
  });

  it("the server's static handler reads matchRoutes at call time, for documents and for data (scripts/patches, decision 055)", async () => {
    // The server loads the CommonJS build, the one scripts/patches changes.
    const router = createRequire(import.meta.url)("@remix-run/router") as {
      createStaticHandler: typeof createStaticHandler;
    } & { matchRoutes: (...args: unknown[]) => unknown };
    const handler = router.createStaticHandler([
      { id: "root", path: "/", loader: () => "root", children: [{ id: "a", path: "a", loader: () => "a" }] },
    ]);
    const original = router.matchRoutes;
    const spy = vi.fn(original);
    router.matchRoutes = spy;
    try {
      const document = await handler.query(new Request("http://localhost/a"));
      expect(document).toMatchObject({ loaderData: { root: "root", a: "a" } });
      expect(await handler.queryRoute(new Request("http://localhost/a"), { routeId: "a" })).toBe("a");
    } finally {
      router.matchRoutes = original;
    }
    expect(spy).toHaveBeenCalledTimes(2);
  });
});
