import { escapeHtml } from '@dealerflow/domain';

/**
 * Markup already made safe. Only `html` (and `Html.trusted` for the few constant strings that are
 * markup, such as a CSS-free SVG path) make one, so text from a dealer, a token name or an event
 * can reach a page only through `escapeHtml`.
 */
export class Html {
  private constructor(readonly markup: string) {}

  /** For constant markup written in this code base; never for anything that came from a request or the data. */
  static trusted(markup: string): Html {
    return new Html(markup);
  }

  toString(): string {
    return this.markup;
  }
}

/** What may be placed in a template: markup, text (escaped), numbers, lists of these, or nothing. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  // `false`, null and undefined print nothing, so `${condition && html`…`}` reads naturally.
  if (value === null || value === undefined || value === false || value === true) return '';
  return escapeHtml(String(value));
}

/**
 * The one way a page is written: every interpolated value is escaped unless it is itself `Html`.
 * Values go into element content or double-quoted attributes (escapeHtml covers both).
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup += render(value) + (strings[index + 1] ?? '');
  });
  return Html.trusted(markup);
}

/** A path with its query, every value URL-encoded (then escaped like any other text by `html`). */
export function href(path: string, query: Record<string, string | number | boolean | undefined | null> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '' && value !== false) params.set(key, String(value));
  }
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}
