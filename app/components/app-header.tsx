import { Form, Link, NavLink, useLocation, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { eraseOfflineData } from "#app/offline/constants";
import { useTranslation } from "react-i18next";
import type { Role } from "#db/schema/enums";
import type { Permission } from "#app/utils/permissions";
import { userHasPermission } from "#app/utils/permissions";
import { useOptionalUser } from "#app/utils/user";
import { LanguageSwitcher } from "./language-switcher";

/** Each role sees only the sections it may use (the same table the server checks). */
const NAV: { to: string; key: string; permission: Permission | null }[] = [
  { to: "/dashboard", key: "nav.dashboard", permission: null },
  { to: "/caseload", key: "nav.caseload", permission: "read:caseload" },
  { to: "/tasks", key: "nav.tasks", permission: "write:transitions" },
  { to: "/residents", key: "nav.residents", permission: "read:residents" },
  { to: "/staff", key: "nav.staff", permission: "read:staff" },
  { to: "/housing", key: "housing.nav", permission: "read:institutions" },
  { to: "/plans", key: "nav.plans", permission: "read:plans" },
  { to: "/readiness", key: "nav.readiness", permission: "read:plans" },
  { to: "/grants", key: "nav.grants", permission: "read:grants" },
  { to: "/monitoring", key: "nav.monitoring", permission: "read:monitoring" },
  { to: "/institutions", key: "nav.institutions", permission: "read:institutions" },
  { to: "/admin/users", key: "nav.users", permission: "manage:users" },
  { to: "/admin/audit", key: "nav.audit", permission: "read:audit" },
  { to: "/admin/retention", key: "nav.retention", permission: "manage:retention" },
];

/**
 * On a phone the sections, the language switcher and the account sit behind one "Menu" button: a
 * <details> element, so it opens without JavaScript; on a wide screen the same markup is one row
 * (app.css shows the details' content whatever its state). A navigation closes the menu.
 */
export function AppHeader() {
  const { t } = useTranslation();
  const user = useOptionalUser();
  const taskCount = (useRouteLoaderData("routes/_app") as { taskCount?: number | null } | undefined)?.taskCount ?? null;
  const location = useLocation();
  const menu = useRef<HTMLDetailsElement>(null);
  // Closed on a navigation only: not when the page hydrates, or a menu opened before then would shut.
  const shownAt = useRef(location.pathname + location.search);
  useEffect(() => {
    const here = location.pathname + location.search;
    if (here === shownAt.current) return;
    shownAt.current = here;
    menu.current?.removeAttribute("open");
  }, [location.pathname, location.search]);
  const unsent = useOfflineLayer(user);
  return (
    <header className="app-header">
      <a href="#main" className="skip-link">
        {t("nav.skip")}
      </a>
      <div className="brand">{t("app.name")}</div>
      {user ? (
        <details className="nav-menu" ref={menu}>
          <summary>{t("nav.menu")}</summary>
          <div className="nav-menu-body">
            <nav aria-label={t("nav.label")}>
              <ul>
                {NAV.filter((n) => n.permission === null || userHasPermission(user, n.permission)).map((n) => (
                  <li key={n.to}>
                    <NavLink to={n.to}>
                      {t(n.key)}
                      {n.to === "/tasks" && taskCount !== null ? (
                        <span className="nav-count">
                          <span aria-hidden="true">{taskCount}</span>
                          <span className="visually-hidden">{t("tasks.countLabel", { count: taskCount })}</span>
                        </span>
                      ) : null}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
            <div className="header-tools">
              {unsent !== null ? (
                <NavLink to="/outbox" id="offline-unsent">
                  {t("offline.outbox.unsent", { n: unsent })}
                </NavLink>
              ) : null}
              <LanguageSwitcher />
              <div className="user-box">
                <span>
                  {user.name} · <span className="role">{t(`roles.${user.role}`)}</span>
                </span>
                <Link to="/account/password">{t("account.password.link")}</Link>
                <Form method="post" action="/logout" onSubmit={eraseBeforeSignOut}>
                  <button type="submit" className="button secondary">
                    {t("auth.signOut")}
                  </button>
                </Form>
              </div>
            </div>
          </div>
        </details>
      ) : (
        <div className="header-tools">
          <LanguageSwitcher />
        </div>
      )}
    </header>
  );
}

/**
 * The offline layer (issue #17, decision 030) on a case worker's pages: loaded after the page
 * with `import()` (never on the first load, never for other roles); it keeps the device's copy
 * and sends the outbox. Its count of unsent items shows in the menu. Any other user on this
 * browser erases a case worker's copy (a shared computer).
 */
function useOfflineLayer(user: { id: number; role: Role } | null): number | null {
  const [unsent, setUnsent] = useState<number | null>(null);
  const caseWorker = !!user && userHasPermission(user, "write:transitions");
  const userId = user?.id ?? null;
  useEffect(() => {
    if (userId === null) return;
    if (!caseWorker) {
      void eraseOfflineData();
      return;
    }
    let stop: (() => void) | undefined;
    let live = true;
    void import("#app/offline/online").then((m) => {
      if (live) stop = m.startOffline({ id: userId }, setUnsent);
    });
    return () => {
      live = false;
      stop?.();
    };
  }, [userId, caseWorker]);
  return unsent;
}

/** Signing out erases the device's copy first (then the form is sent). */
function eraseBeforeSignOut(e: React.FormEvent<HTMLFormElement>) {
  const form = e.currentTarget;
  if (form.dataset.erased === "yes") return;
  e.preventDefault();
  void eraseOfflineData().then(() => {
    form.dataset.erased = "yes";
    form.requestSubmit();
  });
}
