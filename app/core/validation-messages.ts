/**
 * Messages written for a person for every zod check that has no message of its own, so raw
 * validation text ("Too big: expected string to have <=2000 characters") never reaches a
 * candidate. A schema's own message always wins over these. Installed once, on import.
 */
import { z } from "zod";

type Issue = { code?: string; maximum?: unknown; minimum?: unknown; origin?: unknown; input?: unknown };

export function personMessage(issue: Issue): string {
  const n = (v: unknown) => (typeof v === "number" || typeof v === "bigint" ? Number(v).toLocaleString("en") : String(v));
  switch (issue.code) {
    case "too_big":
      if (issue.origin === "string") return `Keep this to at most ${n(issue.maximum)} characters.`;
      if (issue.origin === "array" || issue.origin === "set") return `Choose at most ${n(issue.maximum)}.`;
      return `Enter a number no bigger than ${n(issue.maximum)}.`;
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? "Fill in this field." : `Write at least ${n(issue.minimum)} characters.`;
      if (issue.origin === "array" || issue.origin === "set") return `Choose at least ${n(issue.minimum)}.`;
      return `Enter a number of at least ${n(issue.minimum)}.`;
    case "invalid_type":
      return issue.input === undefined ? "Fill in this field." : "This value does not look right; check it and try again.";
    case "invalid_value":
    case "invalid_union":
      return "Choose one of the options offered.";
    case "invalid_format":
      return "This value is not in the right format; check it and try again.";
    case "not_multiple_of":
      return "Enter a whole number.";
    default:
      return "This value could not be accepted; check it and try again.";
  }
}

z.config({ customError: (issue) => personMessage(issue as Issue) });
