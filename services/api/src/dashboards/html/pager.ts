import { html, type Html } from './html';

export interface PagerWords {
  first: string;
  next: string;
}

const ENGLISH: PagerWords = { first: 'First page', next: 'Next page' };

/** Forward paging by cursor: "Next" while the port says more follow, "First" once past the start. */
export function pager(input: {
  next: string | undefined;
  first: string | undefined;
  /** Names the navigation for screen readers ("Dealer pages"). */
  label: string;
  /** The links' words, in the page's language. */
  words?: PagerWords;
}): Html {
  if (input.next === undefined && input.first === undefined) return html``;
  const words = input.words ?? ENGLISH;
  return html`<nav class="pager" aria-label="${input.label}">
    ${input.first === undefined ? '' : html`<a href="${input.first}">« ${words.first}</a>`}
    ${input.next === undefined ? '' : html`<a href="${input.next}" rel="next">${words.next} »</a>`}
  </nav>`;
}
