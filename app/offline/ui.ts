import type { Locale } from "#db/schema/enums";
import { formatDate } from "#app/utils/format";
import {
  StorageUnavailable,
  deleteItem,
  getCase,
  getOwner,
  listCases,
  listOutbox,
  putItem,
  subscribe,
  type OfflineCase,
  type OutboxItem,
} from "./store";
import { retry, syncNow } from "./sync";
import { caseToday } from "./today";

/**
 * The offline screens (issue #17): plain DOM, so that the same code runs in the offline page
 * (public/build/offline, served by the service worker without a connection) and inside the
 * online app's outbox page, without React or the app's bundle. Text comes from the `offline.*`
 * keys of the app's locales.
 */
export type Translate = (key: string, values?: Record<string, string | number>) => string;
export interface Env {
  t: Translate;
  locale: Locale;
}

type Child = Node | string | null | undefined | false;
function h(tag: string, attrs: Record<string, string | boolean | undefined> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c) el.append(c);
  return el;
}

const STATE_KEYS: Record<OutboxItem["state"], string> = {
  waiting: "offline.states.waiting",
  sending: "offline.states.sending",
  sent: "offline.states.sent",
  refused: "offline.states.refused",
  conflict: "offline.states.conflict",
};
const CONFLICT_KEYS = {
  visitRecorded: "offline.conflicts.visitRecorded",
  reassigned: "offline.conflicts.reassigned",
  closed: "offline.conflicts.closed",
  serviceEnded: "offline.conflicts.serviceEnded",
} as const;

function newKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const x = [...b].map((v) => v.toString(16).padStart(2, "0")).join("");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

function storageProblem(env: Env, e: unknown): HTMLElement {
  return h(
    "p",
    { class: "form-error", role: "alert" },
    env.t("offline.storage.unavailable", { detail: e instanceof Error ? e.message : String(e) }),
  );
}

function stateBadge(env: Env, item: OutboxItem) {
  return h(
    "span",
    { class: `offline-state offline-state-${item.state}`, "data-state": item.state },
    env.t(STATE_KEYS[item.state]),
  );
}

function itemTitle(env: Env, item: OutboxItem): string {
  if (item.kind === "visit")
    return env.t("offline.kinds.visit", {
      months: item.monthsAfterMove,
      date: formatDate(item.payload.visitedOn, env.locale),
    });
  if (item.kind === "hours")
    return env.t("offline.kinds.hours", {
      hours: item.payload.hours,
      service: item.serviceLabel,
      date: formatDate(item.payload.deliveredOn, env.locale),
    });
  return env.t("offline.kinds.note", { date: formatDate(item.payload.occurredOn, env.locale) });
}

function field(label: string, control: HTMLElement, id: string) {
  control.id = id;
  return h("div", { class: "field" }, h("label", { for: id }, label), control);
}

/** Adds an item to the outbox (checking only that the fields are filled: the server validates). */
async function queue(env: Env, form: HTMLFormElement, status: HTMLElement, make: () => OutboxItem | null) {
  status.textContent = "";
  const item = make();
  if (!item) {
    status.className = "form-error";
    status.textContent = env.t("offline.form.required");
    return;
  }
  try {
    await putItem(item);
    form.reset();
    status.className = "flash";
    status.textContent = env.t("offline.form.kept");
    void syncNow();
  } catch (e) {
    status.replaceChildren(storageProblem(env, e));
  }
}

function visitForm(env: Env, c: OfflineCase, v: OfflineCase["visitsDue"][number]): HTMLElement {
  const today = caseToday(c);
  const date = h("input", {
    type: "date",
    name: "visitedOn",
    min: v.opensOn,
    max: today,
    value: v.dueOn <= today ? v.dueOn : today,
    required: true,
  }) as HTMLInputElement;
  const findings = h("textarea", {
    name: "findings",
    rows: "4",
    required: true,
    maxlength: "4000",
  }) as HTMLTextAreaElement;
  const actions = h("textarea", { name: "actions", rows: "2", maxlength: "4000" }) as HTMLTextAreaElement;
  const status = h("p", { role: "status" });
  const p = `v${v.id}`;
  const form = h(
    "form",
    { class: "stack panel", "data-visit": String(v.id) },
    h(
      "h3",
      {},
      env.t("offline.resident.visitTitle", {
        months: v.monthsAfterMove,
        due: formatDate(v.dueOn, env.locale),
      }),
    ),
    field(env.t("offline.form.visitedOn"), date, `${p}-date`),
    field(env.t("offline.form.findings"), findings, `${p}-findings`),
    field(env.t("offline.form.actions"), actions, `${p}-actions`),
    h("button", { type: "submit", class: "button" }, env.t("offline.form.keep")),
    status,
  ) as HTMLFormElement;
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void queue(env, form, status, () =>
      date.value && findings.value.trim()
        ? {
            key: newKey(),
            kind: "visit",
            residentId: c.residentId,
            residentName: c.name,
            visitId: v.id,
            monthsAfterMove: v.monthsAfterMove,
            payload: {
              visitedOn: date.value,
              findings: findings.value.trim(),
              actions: actions.value.trim(),
              version: v.version,
            },
            base: { caseWorkerId: c.caseWorkerId, state: c.state },
            state: "waiting",
            createdAt: new Date().toISOString(),
            attempts: 0,
            nextAt: 0,
          }
        : null,
    );
  });
  return form;
}

function noteForm(env: Env, c: OfflineCase): HTMLElement {
  const today = caseToday(c);
  const date = h("input", {
    type: "date",
    name: "occurredOn",
    min: c.openedOn,
    max: today,
    value: today,
    required: true,
  }) as HTMLInputElement;
  const body = h("textarea", { name: "body", rows: "4", required: true, maxlength: "4000" }) as HTMLTextAreaElement;
  const status = h("p", { role: "status" });
  const form = h(
    "form",
    { class: "stack panel", "data-note": "" },
    h("h2", {}, env.t("offline.form.noteTitle")),
    field(env.t("offline.form.occurredOn"), date, "note-date"),
    field(env.t("offline.form.body"), body, "note-body"),
    h("button", { type: "submit", class: "button" }, env.t("offline.form.keep")),
    status,
  ) as HTMLFormElement;
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void queue(env, form, status, () =>
      date.value && body.value.trim()
        ? {
            key: newKey(),
            kind: "note",
            residentId: c.residentId,
            residentName: c.name,
            payload: { occurredOn: date.value, body: body.value.trim() },
            base: { caseWorkerId: c.caseWorkerId, state: c.state },
            state: "waiting",
            createdAt: new Date().toISOString(),
            attempts: 0,
            nextAt: 0,
          }
        : null,
    );
  });
  return form;
}

type OfflineService = OfflineCase["services"][number];

/** Hours of a running service delivered (decision 048): the day, the hours as typed, a short note. */
function hoursForm(env: Env, c: OfflineCase, s: OfflineService & { id: number }): HTMLElement {
  const today = caseToday(c);
  const last = s.endOn && s.endOn < today ? s.endOn : today;
  const date = h("input", {
    type: "date",
    name: "deliveredOn",
    min: s.startOn,
    max: last,
    value: last,
    required: true,
  }) as HTMLInputElement;
  const hours = h("input", { name: "hours", inputmode: "decimal", required: true, maxlength: "5" }) as HTMLInputElement;
  const note = h("input", { name: "note", maxlength: "300" }) as HTMLInputElement;
  const status = h("p", { role: "status" });
  const p = `s${s.id}`;
  const form = h(
    "form",
    { class: "stack panel", "data-hours": String(s.id) },
    h("h3", {}, env.t("offline.form.hoursTitle", { service: `${s.label} · ${s.provider}` })),
    field(env.t("offline.form.deliveredOn"), date, `${p}-date`),
    field(env.t("offline.form.hours"), hours, `${p}-hours`),
    field(env.t("offline.form.hoursNote"), note, `${p}-note`),
    h("button", { type: "submit", class: "button" }, env.t("offline.form.keep")),
    status,
  ) as HTMLFormElement;
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!date.value || !hours.value.trim()) {
      status.className = "form-error";
      status.textContent = env.t("offline.form.hoursRequired");
      return;
    }
    void queue(env, form, status, () => ({
      key: newKey(),
      kind: "hours",
      residentId: c.residentId,
      residentName: c.name,
      serviceId: s.id,
      serviceLabel: s.label,
      serviceEndOn: s.endOn ?? null,
      payload: { deliveredOn: date.value, hours: hours.value.trim(), note: note.value.trim() },
      base: { caseWorkerId: c.caseWorkerId, state: c.state },
      state: "waiting",
      createdAt: new Date().toISOString(),
      attempts: 0,
      nextAt: 0,
    }));
  });
  return form;
}

function versionList(env: Env, rows: [string, string | number | null | undefined][]) {
  return h(
    "dl",
    {},
    ...rows.flatMap(([k, v]) => [
      h("dt", {}, env.t(k)),
      h("dd", {}, v === null || v === undefined || v === "" ? "—" : String(v)),
    ]),
  );
}

/** A conflict: both versions side by side, and the worker's choice. Nothing is overwritten without it. */
function conflictView(env: Env, item: OutboxItem): HTMLElement {
  const theirs = item.theirs ?? {};
  const kind = item.conflict ?? "visitRecorded";
  const mine =
    item.kind === "visit"
      ? versionList(env, [
          ["offline.form.visitedOn", formatDate(item.payload.visitedOn, env.locale)],
          ["offline.form.findings", item.payload.findings],
          ["offline.form.actions", item.payload.actions],
        ])
      : item.kind === "hours"
        ? versionList(env, [
            ["offline.form.deliveredOn", formatDate(item.payload.deliveredOn, env.locale)],
            ["offline.form.hours", item.payload.hours],
            ["offline.form.hoursNote", item.payload.note],
            ["offline.conflicts.serviceEndOn", item.serviceEndOn ? formatDate(item.serviceEndOn, env.locale) : null],
          ])
        : versionList(env, [
            ["offline.form.occurredOn", formatDate(item.payload.occurredOn, env.locale)],
            ["offline.form.body", item.payload.body],
          ]);
  const server =
    kind === "visitRecorded"
      ? versionList(env, [
          ["offline.form.visitedOn", formatDate(String(theirs.visitedOn ?? ""), env.locale)],
          ["offline.form.findings", theirs.findings],
          ["offline.form.actions", theirs.actions],
          ["offline.conflicts.recordedBy", theirs.recordedBy],
        ])
      : kind === "reassigned"
        ? versionList(env, [["offline.conflicts.keyWorker", theirs.keyWorker]])
        : kind === "serviceEnded"
          ? versionList(env, [
              ["offline.conflicts.serviceEndOn", theirs.endOn ? formatDate(String(theirs.endOn), env.locale) : null],
            ])
          : versionList(env, [["offline.conflicts.stage", theirs.stateLabel ?? theirs.state]]);
  const keepMine = h("button", { type: "button", class: "button" }, env.t("offline.conflicts.keepMine"));
  const takeTheirs = h("button", { type: "button", class: "button secondary" }, env.t("offline.conflicts.takeTheirs"));
  const discard = h("button", { type: "button", class: "button secondary" }, env.t("offline.outbox.discard"));
  keepMine.addEventListener("click", () => {
    // Written again on top of what the server has now: its version and key worker become the base.
    const base = {
      caseWorkerId: kind === "reassigned" ? (theirs.caseWorkerId as number | null) : item.base.caseWorkerId,
      state: kind === "closed" ? String(theirs.state) : item.base.state,
    };
    const next: OutboxItem =
      item.kind === "visit" && kind === "visitRecorded"
        ? { ...item, base, payload: { ...item.payload, version: Number(theirs.version) } }
        : item.kind === "hours" && kind === "serviceEnded"
          ? { ...item, base, serviceEndOn: theirs.endOn === null ? null : String(theirs.endOn) }
          : { ...item, base };
    void retry({ ...next, conflict: undefined, theirs: undefined });
  });
  // Taking the server's version and discarding both drop this device's item; the server keeps its record.
  takeTheirs.addEventListener("click", () => void deleteItem(item.key));
  discard.addEventListener("click", () => void deleteItem(item.key));
  return h(
    "div",
    { class: "offline-conflict" },
    h(
      "p",
      {},
      env.t(CONFLICT_KEYS[kind], {
        worker: String(theirs.keyWorker ?? "—"),
        state: String(theirs.stateLabel ?? theirs.state ?? ""),
        endOn: theirs.endOn ? formatDate(String(theirs.endOn), env.locale) : "—",
      }),
    ),
    h(
      "div",
      { class: "grid-2" },
      h("section", { class: "panel" }, h("h3", {}, env.t("offline.conflicts.mine")), mine),
      h("section", { class: "panel" }, h("h3", {}, env.t("offline.conflicts.theirs")), server),
    ),
    h("div", { class: "actions" }, keepMine, takeTheirs, discard),
  );
}

/** A refused item: the server's reason, its fields to edit, send again or discard. */
function refusedView(env: Env, item: OutboxItem): HTMLElement {
  const date = h("input", {
    type: "date",
    value:
      item.kind === "visit"
        ? item.payload.visitedOn
        : item.kind === "hours"
          ? item.payload.deliveredOn
          : item.payload.occurredOn,
  }) as HTMLInputElement;
  const text = (
    item.kind === "hours" ? h("input", { inputmode: "decimal" }) : h("textarea", { rows: "3" })
  ) as HTMLInputElement;
  text.value =
    item.kind === "visit" ? item.payload.findings : item.kind === "hours" ? item.payload.hours : item.payload.body;
  const again = h("button", { type: "button", class: "button" }, env.t("offline.outbox.sendAgain"));
  const discard = h("button", { type: "button", class: "button secondary" }, env.t("offline.outbox.discard"));
  again.addEventListener("click", () => {
    const next: OutboxItem =
      item.kind === "visit"
        ? { ...item, payload: { ...item.payload, visitedOn: date.value, findings: text.value.trim() } }
        : item.kind === "hours"
          ? { ...item, payload: { ...item.payload, deliveredOn: date.value, hours: text.value.trim() } }
          : { ...item, payload: { ...item.payload, occurredOn: date.value, body: text.value.trim() } };
    void retry(next);
  });
  discard.addEventListener("click", () => void deleteItem(item.key));
  return h(
    "div",
    { class: "stack" },
    h("p", { class: "form-error" }, env.t("offline.outbox.reason", { reason: item.reason ?? "" })),
    field(
      env.t(
        item.kind === "visit"
          ? "offline.form.visitedOn"
          : item.kind === "hours"
            ? "offline.form.deliveredOn"
            : "offline.form.occurredOn",
      ),
      date,
      `r-${item.key}-date`,
    ),
    field(
      env.t(
        item.kind === "visit"
          ? "offline.form.findings"
          : item.kind === "hours"
            ? "offline.form.hours"
            : "offline.form.body",
      ),
      text,
      `r-${item.key}-text`,
    ),
    h("div", { class: "actions" }, again, discard),
  );
}

function itemRow(env: Env, item: OutboxItem, withResident: boolean): HTMLElement {
  return h(
    "li",
    { class: "offline-item", "data-key": item.key, "data-kind": item.kind },
    h(
      "p",
      {},
      stateBadge(env, item),
      " ",
      h("strong", {}, itemTitle(env, item)),
      withResident ? ` · ${item.residentName}` : "",
    ),
    item.state === "conflict" ? conflictView(env, item) : null,
    item.state === "refused" ? refusedView(env, item) : null,
  );
}

function outboxList(env: Env, items: OutboxItem[], withResident: boolean): HTMLElement {
  return items.length === 0
    ? h("p", {}, env.t("offline.outbox.empty"))
    : h("ul", { class: "offline-items" }, ...items.map((i) => itemRow(env, i, withResident)));
}

/** Re-renders `root` with `view` now and whenever the copy or the outbox changes. */
function live(root: HTMLElement, env: Env, view: () => Promise<Node[]>): () => void {
  let gen = 0;
  const render = async () => {
    const mine = ++gen;
    let nodes: Node[];
    try {
      nodes = await view();
    } catch (e) {
      nodes = [storageProblem(env, e)];
    }
    // Keep what the worker is typing: only the lists re-render while a form has focus.
    if (mine !== gen) return;
    const active = document.activeElement;
    if (active && root.contains(active) && active.closest("form")) {
      const lists = nodes.filter((n) => n instanceof HTMLElement && n.dataset.live === "list");
      for (const n of lists)
        root.querySelector(`[data-live="list"][data-id="${(n as HTMLElement).dataset.id}"]`)?.replaceWith(n);
      return;
    }
    root.replaceChildren(...nodes);
  };
  void render();
  return subscribe(() => void render());
}

function section(id: string, title: string, ...children: Child[]) {
  return h(
    "section",
    { "data-live": "list", "data-id": id, "aria-labelledby": `${id}-title` },
    h("h2", { id: `${id}-title` }, title),
    ...children,
  );
}

/** "My cases" from the copy on this device. */
export function mountCaseload(root: HTMLElement, env: Env) {
  return live(root, env, async () => {
    const [owner, cases, items] = await Promise.all([getOwner(), listCases(), listOutbox()]);
    const head = [
      h("h1", {}, env.t("offline.caseload.title")),
      owner?.copiedAt
        ? h(
            "p",
            { class: "hint" },
            env.t("offline.caseload.copiedAt", { date: formatDate(owner.copiedAt, env.locale) }),
          )
        : null,
    ].filter(Boolean) as Node[];
    if (cases.length === 0) return [...head, h("p", {}, env.t("offline.caseload.empty"))];
    const unsent = items.filter((i) => i.state !== "sent").length;
    return [
      ...head,
      h(
        "ul",
        { class: "offline-cases" },
        ...cases.map((c) =>
          h(
            "li",
            {},
            h("a", { href: `/residents/${c.residentId}` }, c.name),
            ` · ${c.code} · ${c.stateLabel}`,
            c.visitsDue.length ? ` · ${env.t("offline.caseload.visitsDue", { n: c.visitsDue.length })}` : "",
          ),
        ),
      ),
      section(
        "outbox",
        env.t("offline.outbox.title"),
        h("p", {}, h("a", { href: "/outbox" }, env.t("offline.outbox.unsent", { n: unsent }))),
      ),
    ];
  });
}

/** One resident's offline view: stage, due visits (each recordable), services, a note; their queued items. */
export function mountResident(root: HTMLElement, env: Env, residentId: number) {
  let cached: { sig: string; forms: Node[]; hours: Node[] } | null = null;
  return live(root, env, async () => {
    const c = await getCase(residentId);
    if (!c)
      return [
        h("h1", {}, env.t("offline.resident.notInCopyTitle")),
        h("p", { class: "form-error", role: "alert" }, env.t("offline.resident.notInCopy")),
        h("p", {}, h("a", { href: "/caseload" }, env.t("offline.nav.caseload"))),
      ];
    const items = (await listOutbox()).filter((i) => i.residentId === residentId);
    // A visit already queued is not offered again; the forms are made again only when that
    // changes, so a re-render keeps what is typed.
    const open = c.visitsDue.filter(
      (v) => !items.some((i) => i.kind === "visit" && i.visitId === v.id && i.state !== "refused"),
    );
    const withId = c.services.filter((s): s is OfflineService & { id: number } => typeof s.id === "number");
    const sig = [...open.map((v) => `${v.id}:${v.version}`), "|", ...withId.map((s) => `${s.id}:${s.endOn}`)].join(",");
    if (cached?.sig !== sig)
      cached = {
        sig,
        forms: [...open.map((v) => visitForm(env, c, v)), noteForm(env, c)],
        hours: withId.map((s) => hoursForm(env, c, s)),
      };
    const { forms, hours } = cached;
    return [
      h("p", {}, h("a", { href: "/caseload" }, `← ${env.t("offline.nav.caseload")}`)),
      h("h1", {}, c.name),
      h("p", {}, `${c.code} · ${c.institutionName}`),
      h("p", {}, env.t("offline.resident.stage", { state: c.stateLabel, since: formatDate(c.stateSince, env.locale) })),
      section("queued", env.t("offline.outbox.title"), outboxList(env, items, false)),
      h("h2", {}, env.t("offline.resident.visitsDue")),
      c.visitsDue.length === 0 ? h("p", {}, env.t("offline.resident.noVisits")) : null,
      ...forms,
      h("h2", {}, env.t("offline.resident.services")),
      c.services.length === 0
        ? h("p", {}, env.t("offline.resident.noServices"))
        : h(
            "ul",
            {},
            ...c.services.map((s) =>
              h(
                "li",
                {},
                `${s.label} · ${s.provider} · ${formatDate(s.startOn, env.locale)}${s.hoursPerWeek !== null ? ` · ${env.t("offline.resident.hours", { hours: s.hoursPerWeek })}` : ""}`,
              ),
            ),
          ),
      ...hours,
    ].filter(Boolean) as Node[];
  });
}

/** Everything recorded on this device, with its state; conflicts and refusals resolved here. */
export function mountOutbox(root: HTMLElement, env: Env) {
  return live(root, env, async () => {
    const items = await listOutbox();
    return [
      h("h1", {}, env.t("offline.outbox.title")),
      section("all", env.t("offline.outbox.items"), outboxList(env, items, true)),
    ];
  });
}

/** Any other page without a connection. */
export function mountNeedsConnection(root: HTMLElement, env: Env) {
  root.replaceChildren(
    h("h1", {}, env.t("offline.needsConnection.title")),
    h("p", {}, env.t("offline.needsConnection.body")),
    h("p", {}, h("a", { href: "/caseload" }, env.t("offline.nav.caseload"))),
  );
}

export { StorageUnavailable };
