import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { examJsonSchema, itemJsonSchema, jsonSchemaFiles } from "./json-schema";
import { REPO_ROOT } from "./test-helpers";

type S = Record<string, any>;

describe("JSON Schemas", () => {
  it("describe the exam definition (input side, strict objects)", () => {
    const s = examJsonSchema() as S;
    expect(s.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(s.$id).toBe("exam.schema.json");
    expect(s.type).toBe("object");
    expect(s.additionalProperties).toBe(false);
    expect(s.required).toEqual(expect.arrayContaining(["code", "title", "vendor", "status", "domains", "bands"]));
    const objective = s.properties.domains.items.properties.objectives.items;
    expect(Object.keys(objective.properties)).toEqual(["id", "name", "keywords"]);
    // input side: fields with defaults are optional
    expect(s.properties.retakePolicy.required).not.toContain("retakeAfterPass");
    // dates may be written as text
    expect(JSON.stringify(s.properties.retiredOn)).toContain('"type":"string"');
  });

  it("describe item front matter", () => {
    const s = itemJsonSchema() as S;
    expect(s.required).toEqual(expect.arrayContaining(["id", "exam", "domain", "type", "difficulty", "options", "provenance"]));
    expect(s.required).not.toContain("references");
    expect(s.properties.type.enum).toEqual(["single", "multiple", "yesno", "order", "dropdown"]);
    expect(s.properties.difficulty).toMatchObject({ minimum: 1, maximum: 5 });
    expect(s.properties.options).toMatchObject({ minItems: 2, maxItems: 16 });
    expect(s.properties.options.items.required).toEqual(["id", "text"]);
  });

  it("are committed up to date in content/schema (run npm run content:schema)", () => {
    for (const [name, text] of Object.entries(jsonSchemaFiles())) {
      const file = path.join(REPO_ROOT, "content/schema", name);
      expect(existsSync(file), `${file} missing`).toBe(true);
      expect(readFileSync(file, "utf8")).toBe(text);
    }
  });
});
