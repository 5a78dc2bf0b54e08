/**
 * The answer of a posted form, in the encoding of score.ts. Works without JavaScript:
 * - single/multiple: `selected` fields (option keys);
 * - yesno and dropdown: one `part-<statement or blank id>` field each (yes/no, or an option key);
 * - order: one `step-<option key>` field per action, with its position ("1", "2", ...) or ""
 *   for "not used"; the answer is the used steps sorted by position.
 */
export type FormAnswer = { ok: true; selected: string[] } | { ok: false; message: string };

export function answerFromForm(entries: Iterable<[string, unknown]>): FormAnswer {
  const selected: string[] = [];
  const parts: string[] = [];
  const steps: { key: string; pos: number }[] = [];
  for (const [name, raw] of entries) {
    if (typeof raw !== "string") continue;
    const value = raw.trim();
    if (name === "selected") selected.push(value);
    else if (name.startsWith("part-")) {
      if (value) parts.push(`${name.slice(5)}=${value}`);
    } else if (name.startsWith("step-")) {
      if (!value) continue;
      const pos = Number(value);
      if (!Number.isInteger(pos) || pos < 1 || pos > 64) return { ok: false, message: "A step position must be a whole number from 1." };
      steps.push({ key: name.slice(5), pos });
    }
  }
  if (steps.length) {
    steps.sort((a, b) => a.pos - b.pos);
    for (let i = 1; i < steps.length; i++) {
      if (steps[i].pos === steps[i - 1].pos) return { ok: false, message: `Two steps are both at position ${steps[i].pos}: give each step its own position.` };
    }
    return { ok: true, selected: steps.map((s) => s.key) };
  }
  if (parts.length) return { ok: true, selected: parts };
  return { ok: true, selected };
}
