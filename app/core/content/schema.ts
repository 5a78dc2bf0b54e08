/**
 * The content contract: zod schemas for exam definitions (`content/<exam>/exam.yaml`) and
 * practice items (`content/<exam>/items/<domain>/<id>.md`). Single source of truth for the
 * validator, the importer, the converters and the generated JSON Schemas.
 * Format documented in docs/content-format.md.
 */
import { z } from "zod";

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "use lowercase letters, digits and single hyphens (kebab-case)");

export const bandLevels = ["weak", "near", "strong"] as const;
export const BandLevel = z.enum(bandLevels);
export type BandLevel = z.infer<typeof BandLevel>;

/** YAML parsers may hand a date value to a date field; it is kept as `YYYY-MM-DD` text. */
const dateToText = (v: unknown) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v);

const isoDate = z.preprocess(dateToText, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use a date like 2026-11-22"));

export const ObjectiveSchema = z.strictObject({
  id: slug,
  name: z.string().min(3, "give the objective's official name"),
  /** Words and phrases typical of this objective; used only to suggest a domain for converted items. */
  keywords: z
    .array(z.string().min(2, "a keyword needs at least two characters"))
    .optional()
    .meta({ description: "Words or phrases typical of this objective (lowercase). Used by content:convert to suggest a domain." }),
});
export type Objective = z.infer<typeof ObjectiveSchema>;

export const DomainSchema = z
  .strictObject({
    id: slug,
    name: z.string().min(3, "give the domain's official name"),
    short: z.string().min(2).optional(),
    weight: z.strictObject({
      min: z.number().min(0).max(100),
      max: z.number().min(0).max(100),
    }),
    objectives: z.array(ObjectiveSchema).min(1, "list at least one objective"),
  })
  .refine((d) => d.weight.min <= d.weight.max, {
    message: "weight.min must not exceed weight.max",
    path: ["weight"],
  });

export const BandSchema = z.strictObject({
  label: z.string().min(2),
  level: BandLevel,
  aliases: z.array(z.string().min(2)).default([]),
});

export const ExamSchema = z
  .strictObject({
    code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,19}$/, "use the exam code in capitals, e.g. AZ-104"),
    title: z.string().min(3),
    vendor: z.string().min(2),
    status: z.enum(["active", "retired"]),
    retiredOn: isoDate.optional(),
    /** For a retired exam: the exam that replaced it, and where each of its domains mostly went. */
    successor: z
      .strictObject({
        code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,19}$/, "use the successor's exam code in capitals, e.g. AI-200"),
        note: z.string().min(3).optional(),
        /** This exam's domain id -> the successor's domain ids its content mostly moved to (most first). */
        domainMap: z.record(z.string(), z.array(z.string().min(1)).min(1, "name at least one domain of the successor")),
      })
      .optional()
      .meta({ description: "The exam that replaced this one and where each domain's content mostly went (shown to candidates of a retired exam)." }),
    blueprint: z.strictObject({
      version: z.preprocess(dateToText, z.string().min(1, "give the date or version of the skills outline")),
      source: z.url("use a full https:// URL").optional(),
    }),
    score: z
      .strictObject({ min: z.number().int(), max: z.number().int(), passing: z.number().int() })
      .refine((s) => s.min < s.passing && s.passing <= s.max, {
        message: "need min < passing <= max",
      }),
    mock: z.strictObject({
      durationMinutes: z.number().int().positive(),
      questions: z.number().int().positive(),
    }),
    domains: z.array(DomainSchema).min(1, "list at least one domain"),
    bands: z.array(BandSchema).min(1, "list the band labels this exam's score reports use"),
    barThresholds: z
      .strictObject({
        nearFrom: z.number().min(0).max(100),
        strongFrom: z.number().min(0).max(100),
      })
      .refine((t) => t.nearFrom < t.strongFrom, { message: "nearFrom must be below strongFrom" }),
    retakePolicy: z.strictObject({
      source: z.url().optional(),
      afterFirstFailHours: z.number().min(0),
      afterLaterFailDays: z.number().min(0),
      maxAttempts: z.number().int().positive(),
      windowMonths: z.number().int().positive(),
      retakeAfterPass: z.boolean().default(false),
    }),
  });
export type ExamDefinition = z.infer<typeof ExamSchema>;
export type Domain = ExamDefinition["domains"][number];
export type Band = ExamDefinition["bands"][number];

export const OptionSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]{1,3}$/, "use a short option id such as a, b, c"),
  text: z.string().min(1, "an option needs text"),
  /** single/multiple: a keyed option; yesno: the statement is true (Yes); order: a step of the answer; dropdown: the blank's right choice. */
  correct: z.boolean().default(false),
  rationale: z.string().optional(),
  /** dropdown items: the blank (a `[[id]]` placeholder in the stem) this option belongs to. */
  blank: z.string().regex(/^[a-z0-9-]{1,20}$/, "use a short blank id such as sku or b1").optional(),
});

/**
 * Item types (docs/content-format.md, "Item types"): single and multiple answer; yesno, a
 * statement series (each option a statement, `correct: true` = Yes); order, a build list (the
 * `correct` options are the steps, `order` their sequence, the others distractors); dropdown,
 * blanks in the stem (`[[id]]`), each with its own options (`blank: id`), one right per blank.
 */
export const ITEM_TYPES = ["single", "multiple", "yesno", "order", "dropdown"] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export const ProvenanceSchema = z
  .strictObject({
    kind: z.enum(["original", "adapted", "imported"]),
    source: z.string().optional(),
    licence: z.string().optional(),
  })
  .refine((p) => p.kind !== "adapted" || (p.source && p.licence), {
    message: "an adapted item must name its source and licence",
  });

/** Front matter of an item file; the stem and explanation come from the Markdown body. */
export const ItemFrontMatterSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "use a stable kebab-case id such as az104-storage-007"),
  exam: z.string().min(2),
  domain: z.string().min(1),
  objective: z.string().min(1).optional(),
  type: z.enum(ITEM_TYPES),
  choose: z.number().int().positive().optional(),
  /** order items: the ids of the steps in the right sequence. */
  order: z.array(z.string()).optional(),
  /** partial (default): a point per statement, step position or blank; all-or-nothing: every part right or none. */
  scoring: z.enum(["partial", "all-or-nothing"]).optional(),
  /** Id of a case study of the exam (content/<EXAM>/cases/<id>.md) whose scenario this item uses. */
  caseStudy: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "use the case study's kebab-case id").optional(),
  difficulty: z.number().int().min(1, "difficulty is 1 (easy) to 5 (hard)").max(5, "difficulty is 1 (easy) to 5 (hard)"),
  options: z.array(OptionSchema).min(2, "give at least two options").max(16, "give at most sixteen options (eight for single and multiple answer)"),
  references: z.array(z.httpUrl("references must be full https:// URLs")).default([]),
  provenance: ProvenanceSchema,
  revision: z.number().int().positive().default(1),
  reviewed: z
    .strictObject({ by: z.string().min(2), on: isoDate })
    .optional(),
  tags: z.array(z.string()).optional(),
  suggestedDomain: z.boolean().optional(),
});
export type ItemFrontMatter = z.infer<typeof ItemFrontMatterSchema>;

/** A fully parsed item: front matter plus the Markdown stem and explanation. */
export type Item = ItemFrontMatter & {
  stem: string;
  explanation: string;
  /** Path relative to the content root, for messages. */
  file: string;
};
export type ItemOption = Item["options"][number];

/** Front matter of a case study file (content/<EXAM>/cases/<id>.md); the scenario is the Markdown body. */
export const CaseStudyFrontMatterSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "use a stable kebab-case id such as az104-case-contoso"),
  exam: z.string().min(2),
  title: z.string().min(3, "give the case study a title, e.g. Contoso, Ltd."),
  provenance: ProvenanceSchema,
  reviewed: z.strictObject({ by: z.string().min(2), on: isoDate }).optional(),
});
export type CaseStudy = z.infer<typeof CaseStudyFrontMatterSchema> & { scenario: string; file: string };
