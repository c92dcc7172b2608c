/** A template's placeholder values: `{name}` in the template is replaced by `values.name`. */
export type TemplateValues = Readonly<Record<string, string | number>>;

/** A text that depends on a count: English says "1 day" but "2 days"; Chinese has one form. */
export interface CountTemplate {
  one: string;
  other: string;
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/**
 * Fills `{name}` placeholders. A placeholder without a value throws instead of printing `{name}`
 * or `undefined` to a dealer: a missing figure is a programming error, not something to send.
 */
export function fillTemplate(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template placeholder {${name}} has no value`);
    return String(value);
  });
}

/** Picks the form for `count` and fills it; `{count}` is available to the template. */
export function fillCountTemplate(template: CountTemplate, count: number, values: TemplateValues = {}): string {
  return fillTemplate(count === 1 ? template.one : template.other, { ...values, count });
}
