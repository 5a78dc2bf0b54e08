import { getInputProps, type FieldMetadata } from "@conform-to/react";

type FieldProps = {
  label: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  field: FieldMetadata<any, any, any>;
  type: "text" | "email" | "password" | "number" | "date";
  autoComplete?: string;
  hint?: string;
};

/** A labelled input with its error shown next to it and announced to screen readers. */
export function TextField({ label, field, type, autoComplete, hint }: FieldProps) {
  const props = getInputProps(field, { type, ariaAttributes: true });
  const describedBy = [field.errors ? field.errorId : null, hint ? `${field.id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={field.id} className="field-label">{label}</label>
      <input {...props} key={props.key} autoComplete={autoComplete} className="field-input" aria-describedby={describedBy} />
      {hint ? <p id={`${field.id}-hint`} className="mt-1 text-xs text-slate-600">{hint}</p> : null}
      <p id={field.errorId} className="field-error" role={field.errors ? "alert" : undefined}>
        {field.errors?.join(" ")}
      </p>
    </div>
  );
}

export function FormErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <div id={id} role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      {errors.join(" ")}
    </div>
  );
}
