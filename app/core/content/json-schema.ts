/**
 * JSON Schemas generated from the zod schemas (zod 4's `z.toJSONSchema`, input side), so
 * editors can validate exam.yaml and item front matter while typing. Written to
 * content/schema/ by `npm run content:schema`.
 */
import { z } from "zod";
import { ExamSchema, ItemFrontMatterSchema } from "./schema";

export const EXAM_SCHEMA_FILE = "exam.schema.json";
export const ITEM_SCHEMA_FILE = "item.schema.json";

type JsonSchema = Record<string, unknown>;

function generate(schema: z.ZodType, id: string, title: string, description: string): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io: "input",
    target: "draft-2020-12",
    unrepresentable: "any",
    override: (ctx) => {
      const def = (ctx.zodSchema as unknown as { _zod: { def: { type: string } } })._zod.def;
      // YAML may hand a date to a date field; in the file it is written as text.
      if (def.type === "date") {
        ctx.jsonSchema.type = "string";
        ctx.jsonSchema.format = "date";
      }
    },
  }) as JsonSchema;
  const { $schema, ...rest } = json;
  return { $schema, $id: id, title, description, ...rest };
}

/** JSON Schema of `content/<EXAM>/exam.yaml`. */
export function examJsonSchema(): JsonSchema {
  return generate(
    ExamSchema,
    EXAM_SCHEMA_FILE,
    "Baseline exam definition",
    "content/<EXAM>/exam.yaml — generated from app/core/content/schema.ts by `npm run content:schema`; see docs/content-format.md.",
  );
}

/** JSON Schema of the YAML front matter of `content/<EXAM>/items/<domain>/<id>.md`. */
export function itemJsonSchema(): JsonSchema {
  return generate(
    ItemFrontMatterSchema,
    ITEM_SCHEMA_FILE,
    "Baseline practice item (front matter)",
    "Front matter of content/<EXAM>/items/<domain>/<id>.md; the stem and `## Explanation` follow in Markdown. Generated from app/core/content/schema.ts by `npm run content:schema`; see docs/content-format.md.",
  );
}

/** Both schemas as file name -> pretty JSON text (with trailing newline). */
export function jsonSchemaFiles(): Record<string, string> {
  return {
    [EXAM_SCHEMA_FILE]: JSON.stringify(examJsonSchema(), null, 2) + "\n",
    [ITEM_SCHEMA_FILE]: JSON.stringify(itemJsonSchema(), null, 2) + "\n",
  };
}
