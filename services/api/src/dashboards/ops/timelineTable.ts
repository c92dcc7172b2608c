import type { TimelineEntry } from '@dealerflow/runtime';
import { formatTime } from '../html/formatTime';
import { html, type Html } from '../html/html';

/** The `causedBy` an output names, so a row can point at the input that made it fire. */
function causeOf(entry: TimelineEntry): string | undefined {
  const data = entry.data as { causedBy?: unknown } | null;
  return entry.kind === 'output' && typeof data?.causedBy === 'string' ? data.causedBy : undefined;
}

/**
 * Every input and output of one dealer in event time: what the system knew, in the order it knew
 * it. Each output links to the input that caused it when that input is on the same page.
 */
export function timelineTable(entries: readonly TimelineEntry[]): Html {
  if (entries.length === 0) return html`<p class="empty">Nothing recorded for this dealer on this page.</p>`;
  const rows = entries.map((entry) => {
    const cause = causeOf(entry);
    return html`<tr id="ev-${entry.eventId}" class="${entry.kind}" data-testid="timeline-row">
      <td>${formatTime(entry.occurredAt)}</td>
      <td><span class="badge ${entry.kind === 'input' ? 'kind-input' : 'kind-output'}">${entry.kind === 'input' ? 'In' : 'Out'}</span></td>
      <th scope="row">${entry.type}</th>
      <td class="muted">${entry.topic}</td>
      <td class="id">${entry.eventId}${cause === undefined ? '' : html`<br><span class="muted">caused by <a href="#ev-${cause}">${cause}</a></span>`}</td>
      <td><details><summary>data</summary><pre>${JSON.stringify(entry.data, null, 2)}</pre></details></td>
    </tr>`;
  });
  return html`<div class="table-scroll"><table class="timeline">
    <caption>Inputs and outputs in event time, oldest first</caption>
    <thead><tr><th scope="col">Event time</th><th scope="col">In/out</th><th scope="col">Type</th><th scope="col">Topic</th><th scope="col">Event id</th><th scope="col">Data</th></tr></thead>
    <tbody>${rows}</tbody>
  </table></div>`;
}
