import { html, type Html } from '../html/html';
import { coord } from './niceCeiling';

export interface TierProgressInput {
  id: string;
  title: string;
  volume: number;
  /** The next tier's threshold; null when the top tier is reached. */
  threshold: number | null;
  /** The sentence under the bar, already in the reader's language ("3,500 of 5,000: 1,500 to go for 3%"). */
  caption: string;
}

const WIDTH = 640;
const HEIGHT = 28;

/**
 * Progress to the next rebate tier: the volume so far filled in, the gap still to go left open
 * and hatched, so the gap reads at a glance; a full bar once the top tier is reached.
 */
export function tierProgressBar(input: TierProgressInput): Html {
  const share = input.threshold === null || input.threshold <= 0 ? 1 : Math.min(1, input.volume / input.threshold);
  const filled = share * WIDTH;
  return html`<figure class="chart tier-progress">
  <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${input.id}-title ${input.id}-desc" preserveAspectRatio="none">
    <title id="${input.id}-title">${input.title}</title>
    <desc id="${input.id}-desc">${input.caption}</desc>
    <rect class="track" x="0" y="0" width="${WIDTH}" height="${HEIGHT}" rx="6"></rect>
    <rect class="${input.threshold === null ? 'fill done' : 'fill'}" x="0" y="0" width="${coord(filled)}" height="${HEIGHT}" rx="6"></rect>
    ${share < 1 ? html`<rect class="gap" x="${coord(filled)}" y="0" width="${coord(WIDTH - filled)}" height="${HEIGHT}" rx="6"></rect>` : ''}
  </svg>
  <figcaption>${input.caption}</figcaption>
</figure>`;
}
