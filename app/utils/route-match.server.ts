import { createRequire } from "node:module";
import type { AgnosticRouteMatch, AgnosticRouteObject } from "@remix-run/router";

/**
 * Remix and React Router match the URL against the route tree four times a page on the server
 * (Remix's `matchServerRoutes`, the static handler's `query` or `queryRoute`, React Router's
 * `<Routes>` while rendering, and the lazy route discovery's partial manifest, once per parent
 * path), and `matchRoutes` flattens, ranks and compiles every branch of the ~85 routes on each
 * call: nothing is kept between calls (decision 050 measured it at a sixth of a page's server
 * time). This keeps the answers.
 *
 * `memoizeRouteMatching()` replaces `matchRoutes` on the `@remix-run/router` module object, which
 * every caller reads at each call: Remix's and React Router's compiled CommonJS call
 * `router.matchRoutes`, and the static handler, whose call was internal to the module, does so
 * since decision 055 (the patch in scripts/patches, applied by `npm install`). An answer is kept
 * per route tree *shape* (ids, paths, index and case flags, nesting), not per array: React
 * Router gets a new but equal tree on every render. A kept answer is handed back as fresh match
 * objects (one fresh `params` object shared by the chain, as the original does) whose routes are
 * the ones of the tree passed in, found by their ids. A tree with a route without an id, or
 * with an id twice, is matched by the original every time.
 */

type Routes = AgnosticRouteObject[];
type Match = AgnosticRouteMatch<string, AgnosticRouteObject>;
type MatchRoutes = (routes: Routes, location: string | { pathname?: string }, basename?: string) => Match[] | null;

/** A kept answer: the matched routes' ids, root first, with what each match said. */
type Kept = { ids: string[]; params: Record<string, string | undefined>; paths: [string, string][] } | null;

interface Tree {
  /** The kept answers of every tree of this shape. */
  answers: Map<string, Kept>;
  byId: Map<string, AgnosticRouteObject>;
}

/** Pathnames kept per tree shape; the oldest goes first (an id in a URL makes many). */
export const KEPT_PATHS = 2000;

const shapes = new Map<string, Map<string, Kept>>();
const trees = new WeakMap<Routes, Tree | null>();

function treeOf(routes: Routes): Tree | null {
  let tree = trees.get(routes);
  if (tree !== undefined) return tree;
  const byId = new Map<string, AgnosticRouteObject>();
  let ok = true;
  const shape = (rs: Routes): unknown[] =>
    rs.map((r) => {
      if (typeof r.id !== "string" || byId.has(r.id)) ok = false;
      else byId.set(r.id, r);
      return [r.id, r.path ?? null, r.index ? 1 : 0, r.caseSensitive ? 1 : 0, r.children ? shape(r.children) : 0];
    });
  const key = JSON.stringify(shape(routes));
  if (ok) {
    let answers = shapes.get(key);
    if (!answers) shapes.set(key, (answers = new Map()));
    tree = { answers, byId };
  } else tree = null;
  trees.set(routes, tree);
  return tree;
}

/** `original` with its answers kept per tree shape, basename and pathname. */
export function memoizedMatchRoutes(original: MatchRoutes): MatchRoutes {
  return (routes, location, basename = "/") => {
    const tree = treeOf(routes);
    if (!tree) return original(routes, location, basename);
    // Only the path decides: a string's query and hash are not part of it (parsePath), an
    // object's pathname is taken as it is.
    const path = typeof location === "string" ? `s${location.split(/[?#]/, 1)[0]}` : `o${location.pathname ?? ""}`;
    const key = `${basename}\u0000${path}`;
    let kept = tree.answers.get(key);
    if (kept === undefined) {
      const matches = original(routes, location, basename);
      kept = matches
        ? {
            ids: matches.map((m) => m.route.id!),
            params: { ...matches[0]!.params },
            paths: matches.map((m) => [m.pathname, m.pathnameBase]),
          }
        : null;
      if (tree.answers.size >= KEPT_PATHS) tree.answers.delete(tree.answers.keys().next().value!);
      tree.answers.set(key, kept);
      return matches;
    }
    if (!kept) return null;
    const params = { ...kept.params };
    return kept.ids.map((id, i) => ({
      params,
      pathname: kept.paths[i]![0],
      pathnameBase: kept.paths[i]![1],
      route: tree.byId.get(id)!,
    }));
  };
}

let installed = false;

/** Puts the memoized `matchRoutes` in place of the original, once per process. */
export function memoizeRouteMatching(): void {
  if (installed) return;
  installed = true;
  const router = createRequire(import.meta.url)("@remix-run/router") as { matchRoutes: MatchRoutes };
  router.matchRoutes = memoizedMatchRoutes(router.matchRoutes.bind(router));
}
