/**
 * The answer controls of an item, for every item type, and their feedback part by part once
 * answered (practice and mock review). Plain form fields, so every type works without
 * JavaScript, by keyboard and at phone width (core/scoring/form.ts reads them back):
 * - single / multiple: radios / checkboxes `selected`;
 * - yesno: a Yes / No radio pair `part-<statement>` per statement;
 * - order: a position select `step-<action>` per action ("Not used", 1, 2, ...): no drag and drop;
 * - dropdown: a select `part-<blank>` per blank; the blank's place in the question shows its number.
 */
import type { PartResult } from "~/core/scoring/score";

export type AnswerOption = { key: string; html: string; blank?: string | null; correct?: boolean; rationaleHtml?: string };
export type AnswerViewProps = {
  type: string;
  choose: number;
  options: AnswerOption[];
  /** Blanks of a dropdown item, in stem order. */
  blanks: { id: string; number: number }[];
  /** What the candidate gave (encoded as in score.ts), to pre-fill or to show in feedback. */
  given: string[];
  /** After answering: the parts, scored, and the right sequence of an order item. */
  result?: { parts: PartResult[]; order: string[] | null } | null;
  disabled?: boolean;
  /** Mark every statement / blank as required (practice: yes; a mock saves partial answers). Default true. */
  requireAll?: boolean;
  /** Distinguishes several items on one page (ids of inputs). */
  idPrefix?: string;
};

const pairsOf = (given: string[]) => new Map(given.filter((g) => g.includes("=")).map((g) => [g.slice(0, g.indexOf("=")), g.slice(g.indexOf("=") + 1)] as const));

function Mark({ right }: { right: boolean }) {
  return <strong className={right ? "text-strong" : "text-weak"}>{right ? "✓ Right. " : "✗ Not right. "}</strong>;
}

export function ItemAnswer(props: AnswerViewProps) {
  const { type } = props;
  if (type === "yesno") return <YesNo {...props} />;
  if (type === "order") return <Ordering {...props} />;
  if (type === "dropdown") return <Dropdowns {...props} />;
  return <Choices {...props} />;
}

function Choices({ type, options, given, result, disabled }: AnswerViewProps) {
  const answered = Boolean(result);
  return (
    <fieldset disabled={disabled}>
      <legend className="sr-only">Options</legend>
      <ol className="space-y-2">
        {options.map((o, i) => {
          const chosen = given.includes(o.key);
          const tone = answered ? (o.correct ? "border-strong bg-strong-bg" : chosen ? "border-weak bg-weak-bg" : "border-slate-200") : "border-slate-200 hover:border-brand-600";
          return (
            <li key={o.key} className={`rounded-md border p-3 ${tone}`} data-testid="option">
              <label className="flex cursor-pointer items-start gap-3">
                <input type={type === "multiple" ? "checkbox" : "radio"} name="selected" value={o.key} defaultChecked={chosen} className="mt-1" />
                <span className="w-5 shrink-0 text-sm font-semibold text-slate-500">{i + 1}</span>
                <span className="prose-item min-w-0 break-words" dangerouslySetInnerHTML={{ __html: o.html }} />
              </label>
              {answered ? (
                <p className="mt-2 pl-14 text-sm text-slate-700">
                  <strong>{o.correct ? "Correct answer. " : chosen ? "Your choice, wrong. " : ""}</strong>
                  <span dangerouslySetInnerHTML={{ __html: o.rationaleHtml ?? "" }} />
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
    </fieldset>
  );
}

function YesNo({ options, given, result, disabled, idPrefix = "", requireAll = true }: AnswerViewProps) {
  const pairs = pairsOf(given);
  return (
    <fieldset disabled={disabled}>
      <legend className="mb-2 text-sm font-medium text-slate-700">For each statement, choose Yes if it is true, otherwise No.</legend>
      <ol className="space-y-2">
        {options.map((o, i) => {
          const part = result?.parts.find((p) => p.part === o.key);
          const tone = part ? (part.right ? "border-strong bg-strong-bg" : "border-weak bg-weak-bg") : "border-slate-200";
          const name = `part-${o.key}`;
          return (
            <li key={o.key} className={`rounded-md border p-3 ${tone}`} data-testid="statement">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <p className="flex min-w-0 flex-1 gap-2" id={`${idPrefix}st-${o.key}`}>
                  <span className="w-5 shrink-0 text-sm font-semibold text-slate-500">{i + 1}</span>
                  <span className="prose-item min-w-0 break-words" dangerouslySetInnerHTML={{ __html: o.html }} />
                </p>
                <div role="radiogroup" aria-labelledby={`${idPrefix}st-${o.key}`} className="flex shrink-0 gap-4">
                  {(["yes", "no"] as const).map((v) => (
                    <label key={v} className="flex cursor-pointer items-center gap-1.5 text-sm font-medium">
                      <input type="radio" name={name} value={v} defaultChecked={pairs.get(o.key) === v} required={requireAll && !disabled} />
                      {v === "yes" ? "Yes" : "No"}
                    </label>
                  ))}
                </div>
              </div>
              {part ? (
                <p className="mt-2 text-sm text-slate-700">
                  <Mark right={part.right} />
                  The answer is {part.expected === "yes" ? "Yes" : "No"}
                  {part.given && !part.right ? ` (you said ${part.given === "yes" ? "Yes" : "No"})` : ""}. <span dangerouslySetInnerHTML={{ __html: o.rationaleHtml ?? "" }} />
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
    </fieldset>
  );
}

function Ordering({ options, given, result, disabled, idPrefix = "" }: AnswerViewProps) {
  const positions = options.map((_, i) => i + 1);
  const byKey = new Map(options.map((o) => [o.key, o]));
  return (
    <div className="space-y-4">
      <fieldset disabled={disabled}>
        <legend className="mb-2 text-sm font-medium text-slate-700">
          Choose the actions you need and give each its place in the sequence (1 first). Leave the others on “Not used”.
        </legend>
        <ol className="space-y-2">
          {options.map((o) => {
            const pos = given.indexOf(o.key);
            const id = `${idPrefix}step-${o.key}`;
            return (
              <li key={o.key} className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-slate-200 p-3" data-testid="action">
                <label htmlFor={id} className="prose-item min-w-0 flex-1 break-words" dangerouslySetInnerHTML={{ __html: o.html }} />
                <select id={id} name={`step-${o.key}`} defaultValue={pos >= 0 ? String(pos + 1) : ""} className="field-input w-auto shrink-0">
                  <option value="">Not used</option>
                  {positions.map((p) => (
                    <option key={p} value={String(p)}>
                      Step {p}
                    </option>
                  ))}
                </select>
              </li>
            );
          })}
        </ol>
      </fieldset>
      {result ? (
        <div className="space-y-3" data-testid="order-feedback">
          <div>
            <p className="text-sm font-medium">The right sequence</p>
            <ol className="mt-1 space-y-1.5">
              {(result.order ?? []).map((key, i) => {
                const part = result.parts[i];
                const o = byKey.get(key);
                return (
                  <li key={key} className={`rounded-md border p-2 text-sm ${part?.right ? "border-strong bg-strong-bg" : "border-weak bg-weak-bg"}`}>
                    <Mark right={Boolean(part?.right)} />
                    <span className="font-semibold">Step {i + 1}: </span>
                    <span dangerouslySetInnerHTML={{ __html: o?.html ?? key }} />
                    {part && !part.right ? <span className="text-slate-700"> (you put {part.given ? "another step" : "nothing"} here)</span> : null}
                    <span className="mt-1 block text-slate-700" dangerouslySetInnerHTML={{ __html: o?.rationaleHtml ?? "" }} />
                  </li>
                );
              })}
            </ol>
          </div>
          {options.some((o) => !(result.order ?? []).includes(o.key)) ? (
            <div>
              <p className="text-sm font-medium">Not needed</p>
              <ul className="mt-1 space-y-1.5">
                {options
                  .filter((o) => !(result.order ?? []).includes(o.key))
                  .map((o) => (
                    <li key={o.key} className="rounded-md border border-slate-200 p-2 text-sm">
                      <span dangerouslySetInnerHTML={{ __html: o.html }} />
                      {given.includes(o.key) ? <strong className="text-weak"> (you used it)</strong> : null}
                      <span className="mt-1 block text-slate-700" dangerouslySetInnerHTML={{ __html: o.rationaleHtml ?? "" }} />
                    </li>
                  ))}
              </ul>
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function Dropdowns({ options, blanks, given, result, disabled, idPrefix = "", requireAll = true }: AnswerViewProps) {
  const pairs = pairsOf(given);
  return (
    <fieldset disabled={disabled} className="space-y-3">
      <legend className="mb-2 text-sm font-medium text-slate-700">Choose an option for each numbered blank in the question.</legend>
      {blanks.map((b) => {
        const opts = options.filter((o) => o.blank === b.id);
        const part = result?.parts.find((p) => p.part === b.id);
        const id = `${idPrefix}blank-${b.id}`;
        return (
          <div key={b.id} className={`rounded-md border p-3 ${part ? (part.right ? "border-strong bg-strong-bg" : "border-weak bg-weak-bg") : "border-slate-200"}`} data-testid="blank">
            <label htmlFor={id} className="field-label">
              Blank {b.number}
            </label>
            <select id={id} name={`part-${b.id}`} defaultValue={pairs.get(b.id) ?? ""} className="field-input" required={requireAll && !disabled}>
              <option value="" disabled>
                Choose…
              </option>
              {opts.map((o) => (
                <option key={o.key} value={o.key}>
                  {stripTags(o.html)}
                </option>
              ))}
            </select>
            {part ? (
              <ul className="mt-2 space-y-1 text-sm text-slate-700">
                <li>
                  <Mark right={part.right} />
                  {part.right ? "" : part.given ? `You chose ${stripTags(opts.find((o) => o.key === part.given)?.html ?? part.given)}. ` : "No choice. "}
                </li>
                {opts.map((o) => (
                  <li key={o.key}>
                    <strong>{o.correct ? "Right: " : ""}</strong>
                    <span className="font-mono" dangerouslySetInnerHTML={{ __html: o.html }} /> — <span dangerouslySetInnerHTML={{ __html: o.rationaleHtml ?? "" }} />
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}

/** Option labels of a select are plain text. */
function stripTags(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/**
 * The case study beside the question: a sticky side panel on wide screens (lg and up), a
 * closed-by-default toggle above the question on narrower ones. Put it in a two-column layout
 * (see practice.$id.tsx) so the panel sits beside the question.
 */
export function CaseStudyPanel({ title, scenarioHtml }: { title: string; scenarioHtml: string }) {
  return (
    <>
      <details className="card min-w-0 lg:hidden" data-testid="case-study-toggle">
        <summary className="cursor-pointer font-semibold text-slate-900">Case study: {title} (show the scenario)</summary>
        <div className="prose-item mt-3 text-sm" dangerouslySetInnerHTML={{ __html: scenarioHtml }} />
      </details>
      {/* tabIndex: the panel scrolls on its own, so keyboard users must be able to focus it to scroll it. */}
      <aside tabIndex={0} className="card hidden lg:sticky lg:top-4 lg:order-last lg:block lg:max-h-[85vh] lg:overflow-y-auto" aria-label={`Case study: ${title}`} data-testid="case-study">
        <h2 className="text-base font-semibold">Case study: {title}</h2>
        <div className="prose-item mt-3 text-sm" dangerouslySetInnerHTML={{ __html: scenarioHtml }} />
      </aside>
    </>
  );
}

/** Replaces each `[[blank]]` of a rendered stem with its number, e.g. [1]. */
export function numberBlanks(stemHtml: string, blanks: readonly string[]): string {
  return stemHtml.replace(/\[\[([a-z0-9-]{1,20})\]\]/g, (m, id: string) => {
    const n = blanks.indexOf(id);
    return n < 0 ? m : `<span class="blank-marker" aria-label="blank ${n + 1}">[${n + 1}]</span>`;
  });
}

/** The answer fields inside `root` as form entries (for a page that saves as the candidate goes). */
export function answerEntries(root: HTMLElement): [string, string][] {
  const out: [string, string][] = [];
  root.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input[name], select[name]").forEach((el) => {
    if (el instanceof HTMLInputElement && (el.type === "radio" || el.type === "checkbox") && !el.checked) return;
    out.push([el.name, el.value]);
  });
  return out;
}
