/**
 * Answering any item type in the browser, from the item's key (db.ts: practiceItem / mockItem).
 *
 * An answer is planned as the form fields to set (the names item-answer.tsx renders and
 * core/scoring/form.ts reads): `selected` radios / checkboxes for single and multiple answer,
 * `part-<statement>` yes|no radios for yesno, `part-<blank>` selects for dropdown, and
 * `step-<action>` selects ("1", "2", ... or "" for Not used) for order. Then it is filled in by
 * mouse (or tap) or by keyboard only, and can be checked as shown later (reload, navigation).
 *
 * - "right": every part right;
 * - "wrong": every part wrong (yesno: every statement flipped; order: the right sequence rotated
 *   by one, so no step is in its place; dropdown: a wrong option in every blank; single and
 *   multiple: one option that is not keyed), so the item scores 0 and "n of m right" counts hold;
 * - "partial" (multi-part items): the first part wrong, the rest right (order: the first two
 *   steps swapped).
 */
import { expect, type Locator, type Page } from "@playwright/test";
import type { ItemKey } from "./db";

export type Mode = "right" | "wrong" | "partial";
export type Field =
  | { kind: "radio"; name: string; value: string }
  | { kind: "checkbox"; name: string; value: string; checked: boolean }
  | { kind: "select"; name: string; value: string };
export type Plan = { type: ItemKey["type"]; fields: Field[]; points: number; max: number };

export const isMultiPart = (type: string) => type === "yesno" || type === "order" || type === "dropdown";

/** Blank ids of a dropdown item in the order their options come (every blank has options). */
export function blanksOf(item: ItemKey): string[] {
  const out: string[] = [];
  for (const o of item.options) if (o.blank && !out.includes(o.blank)) out.push(o.blank);
  return out;
}

export function planAnswer(item: ItemKey, mode: Mode): Plan {
  const wrongAt = (i: number) => mode === "wrong" || (mode === "partial" && i === 0);
  switch (item.type) {
    case "yesno": {
      const fields: Field[] = item.options.map((o, i) => ({ kind: "radio", name: `part-${o.key}`, value: o.correct !== wrongAt(i) ? "yes" : "no" }));
      const max = item.options.length;
      return { type: item.type, fields, max, points: mode === "right" ? max : mode === "wrong" ? 0 : max - 1 };
    }
    case "dropdown": {
      const blanks = blanksOf(item);
      const fields: Field[] = blanks.map((b, i) => {
        const opts = item.options.filter((o) => o.blank === b);
        const pick = wrongAt(i) ? opts.find((o) => !o.correct)! : opts.find((o) => o.correct)!;
        return { kind: "select", name: `part-${b}`, value: pick.key };
      });
      const max = blanks.length;
      return { type: item.type, fields, max, points: mode === "right" ? max : mode === "wrong" ? 0 : max - 1 };
    }
    case "order": {
      const seq = item.order ?? [];
      if (seq.length < 2) throw new Error(`order item ${item.id} has fewer than two steps`);
      const given = mode === "right" ? seq : mode === "wrong" ? [...seq.slice(1), seq[0]] : [seq[1], seq[0], ...seq.slice(2)];
      const fields: Field[] = item.options.map((o) => ({ kind: "select", name: `step-${o.key}`, value: given.includes(o.key) ? String(given.indexOf(o.key) + 1) : "" }));
      const max = seq.length;
      return { type: item.type, fields, max, points: mode === "right" ? max : mode === "wrong" ? 0 : max - 2 };
    }
    default: {
      const keyed = item.options.filter((o) => o.correct).map((o) => o.key);
      const pick = mode === "right" ? keyed : [item.options.find((o) => !o.correct)!.key];
      const fields: Field[] =
        item.type === "multiple"
          ? item.options.map((o) => ({ kind: "checkbox", name: "selected", value: o.key, checked: pick.includes(o.key) }))
          : pick.map((k) => ({ kind: "radio", name: "selected", value: k }));
      return { type: item.type, fields, max: 1, points: mode === "right" ? 1 : 0 };
    }
  }
}

const radio = (scope: Locator, f: { name: string; value: string }) => scope.locator(`input[name="${f.name}"][value="${f.value}"]`);
const select = (scope: Locator, f: { name: string }) => scope.locator(`select[name="${f.name}"]`);

/**
 * Sets the planned fields with the mouse (clicks on radios and checkboxes; native selects are
 * set with selectOption, as their pop-up list is not part of the page in headless Chromium).
 */
export async function fillAnswer(scope: Locator, plan: Plan) {
  for (const f of plan.fields) {
    if (f.kind === "radio") await radio(scope, f).check();
    else if (f.kind === "checkbox") await radio(scope, f).setChecked(f.checked);
    else await select(scope, f).selectOption(f.value);
  }
}

/** The planned answer is what the page shows (after a reload, or coming back to a question). */
export async function expectAnswerShown(scope: Locator, plan: Plan) {
  for (const f of plan.fields) {
    if (f.kind === "radio") await expect(radio(scope, f)).toBeChecked();
    else if (f.kind === "checkbox") await expect(radio(scope, f)).toBeChecked({ checked: f.checked });
    else await expect(select(scope, f)).toHaveValue(f.value);
  }
  if (plan.type === "single" || plan.type === "multiple") {
    const want = plan.fields.filter((f) => f.kind === "radio" || (f.kind === "checkbox" && f.checked)).map((f) => f.value).sort();
    const checked = await scope.locator("input[name=selected]:checked").evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(checked.sort()).toEqual(want);
  }
}

/** Nothing is answered yet in `scope` (a new question carries nothing over from the previous one). */
export async function expectBlank(scope: Locator) {
  await expect(scope.locator("input[name=selected]:checked, input[name^='part-']:checked")).toHaveCount(0);
  const values = await scope.locator("select[name^='part-'], select[name^='step-']").evaluateAll((els) => els.map((e) => (e as HTMLSelectElement).value));
  expect(values.every((v) => v === "")).toBe(true);
}

type Focused = { tag: string; type: string; name: string; value: string; text: string };
const focused = (page: Page) =>
  page.evaluate((): Focused => {
    const el = document.activeElement as HTMLInputElement | null;
    return { tag: el?.tagName ?? "", type: el?.type ?? "", name: el?.getAttribute("name") ?? "", value: el?.value ?? "", text: (el?.textContent ?? "").trim() };
  });

/** Presses Tab until the focused element matches (keyboard only; fails after `max` presses). */
export async function tabTo(page: Page, match: (f: Focused) => boolean, what: string, max = 80) {
  for (let i = 0; i < max; i++) {
    if (match(await focused(page))) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${what}`);
}

/**
 * Answers by keyboard only: Tab to each part, Space / arrow keys to choose (a radio group: Space
 * picks the focused radio, an arrow moves to and picks the next; a select: arrows move its
 * choice), then Tab to "Submit answer" and Enter.
 */
export async function answerByKeyboard(page: Page, scope: Locator, plan: Plan, submitName = "Submit answer") {
  const groups: Field[][] = [];
  for (const f of plan.fields) {
    const last = groups[groups.length - 1];
    if (f.kind === "checkbox" || !last || last[0].name !== f.name) groups.push([f]);
    else last.push(f);
  }
  // Tab moves forward only: take the groups in the order the page has them.
  const order = await scope.locator("input[name], select[name]").evaluateAll((els) => els.map((e) => `${e.getAttribute("name")}=${(e as HTMLInputElement).value}`));
  const rank = (g: Field[]) => (g[0].kind === "checkbox" ? order.indexOf(`${g[0].name}=${g[0].value}`) : order.findIndex((x) => x.startsWith(`${g[0].name}=`)));
  groups.sort((a, b) => rank(a) - rank(b));
  for (const g of groups) {
    const f = g[0];
    if (f.kind === "checkbox") {
      await tabTo(page, (x) => x.name === f.name && x.value === f.value, `checkbox ${f.value}`);
      const isChecked = await radio(scope, f).isChecked();
      if (isChecked !== f.checked) await page.keyboard.press("Space");
      await expect(radio(scope, f)).toBeChecked({ checked: f.checked });
    } else if (f.kind === "radio") {
      // Tabbing into a radio group with nothing chosen focuses its first radio.
      await tabTo(page, (x) => x.name === f.name, `the ${f.name} radios`);
      const values = await scope.locator(`input[name="${f.name}"]`).evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
      const at = values.indexOf((await focused(page)).value);
      const target = values.indexOf(f.value);
      if (target === at) await page.keyboard.press("Space");
      else for (let i = 0; i < Math.abs(target - at); i++) await page.keyboard.press(target > at ? "ArrowDown" : "ArrowUp");
      await expect(radio(scope, f)).toBeChecked();
    } else {
      await tabTo(page, (x) => x.tag === "SELECT" && x.name === f.name, `the ${f.name} select`);
      const values = await select(scope, f).locator("option").evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
      const at = values.indexOf(await select(scope, f).inputValue());
      const target = values.indexOf(f.value);
      for (let i = 0; i < Math.abs(target - at); i++) await page.keyboard.press(target > at ? "ArrowDown" : "ArrowUp");
      await expect(select(scope, f)).toHaveValue(f.value);
    }
  }
  await tabTo(page, (x) => x.tag === "BUTTON" && x.text === submitName, `the ${submitName} button`);
  await page.keyboard.press("Enter");
}

/** The feedback heading of a practice answer: "Right", "Partly right · 2 of 3 points", ... */
export function feedbackHeading(plan: Plan): RegExp {
  const word = plan.points === plan.max ? "Right" : plan.points > 0 && isMultiPart(plan.type) ? "Partly right" : "Not quite";
  const points = isMultiPart(plan.type) ? ` · ${plan.points} of ${plan.max} points` : "";
  return new RegExp(`^${word}${points.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( \\(you guessed\\))?$`);
}

/**
 * Every part of an answered item is marked as the plan predicts (practice feedback and mock
 * review): single / multiple: the wrong choice and the keyed answer; yesno statements, dropdown
 * blanks and order positions: ✓ Right / ✗ Not right.
 */
export async function expectPartMarks(scope: Locator, item: ItemKey, plan: Plan) {
  if (!isMultiPart(item.type)) {
    // Practice feedback and mock review both list the options as <li>s with these notes.
    const options = scope.locator("li");
    if (plan.points === 1) await expect(options.filter({ hasText: /Correct answer\.|Correct, your choice\./ })).toHaveCount(item.options.filter((o) => o.correct).length);
    else await expect(options.filter({ hasText: "Your choice, wrong." })).toHaveCount(1);
    return;
  }
  const value = new Map(plan.fields.map((f) => [f.name.replace(/^(part|step)-/, ""), f.value]));
  if (item.type === "order") {
    // The right sequence, position by position: right when the plan put that step there.
    const at = new Map([...value].filter(([, v]) => v).map(([k, v]) => [Number(v), k]));
    const rows = scope.getByTestId("order-feedback").locator("ol > li");
    const seq = item.order ?? [];
    await expect(rows).toHaveCount(seq.length);
    for (const [i, key] of seq.entries()) await expect(rows.nth(i)).toContainText(at.get(i + 1) === key ? "✓ Right." : "✗ Not right.");
    return;
  }
  // Statements and blanks are found by their fields (a session shows them in its own order).
  const parts = item.type === "yesno" ? item.options.map((o) => o.key) : blanksOf(item);
  await expect(scope.getByTestId(item.type === "yesno" ? "statement" : "blank")).toHaveCount(parts.length);
  for (const part of parts) {
    const right = item.type === "yesno" ? value.get(part) === (item.options.find((o) => o.key === part)!.correct ? "yes" : "no") : item.options.find((o) => o.blank === part && o.correct)?.key === value.get(part);
    await expect(partBox(scope, item, part)).toContainText(right ? "✓ Right." : "✗ Not right.");
  }
}

/** The box of a statement (yesno, by its key) or a blank (dropdown, by its id). */
export function partBox(scope: Locator, item: ItemKey, part: string): Locator {
  return item.type === "yesno"
    ? scope.getByTestId("statement").filter({ has: scope.page().locator(`input[name="part-${part}"]`) })
    : scope.getByTestId("blank").filter({ has: scope.page().locator(`select[name="part-${part}"]`) });
}

/** Plain text of a Markdown rationale, to look for on the page. */
export function plain(md: string): string {
  return md
    .replace(/\[([^\]]+)\]\([^)]+\)/g, "$1")
    .replace(/[*_`]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}
