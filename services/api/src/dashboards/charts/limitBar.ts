import { html, type Html } from '../html/html';
import { coord } from './niceCeiling';

const WIDTH = 200;
const HEIGHT = 14;

/** Exposure against the limit in one small bar: the limit is the tick; past it the bar turns red. */
export function limitBar(input: { exposure: number; creditLimit: number; label: string }): Html {
  const scale = Math.max(input.exposure, input.creditLimit, 1) * 1.05;
  const x = (value: number) => (Math.max(0, value) / scale) * WIDTH;
  return html`<svg class="limit-bar" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${input.label}">
    <rect class="track" x="0" y="2" width="${WIDTH}" height="${HEIGHT - 4}" rx="3"></rect>
    <rect class="${input.exposure > input.creditLimit ? 'fill over' : 'fill'}" x="0" y="2" width="${coord(x(input.exposure))}" height="${HEIGHT - 4}" rx="3"></rect>
    <line class="limit-tick" x1="${coord(x(input.creditLimit))}" x2="${coord(x(input.creditLimit))}" y1="0" y2="${HEIGHT}"></line>
  </svg>`;
}
