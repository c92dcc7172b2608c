import type { AgeingReport, CreditDecisionRecord, CreditHold } from '@dealerflow/runtime';
import { stringify } from 'csv-stringify/sync';

/**
 * Finance's exports as CSV (RFC 4180, a header row, CRLF line ends, UTF-8 with a byte order mark so
 * a spreadsheet opens Chinese names right). Cells a spreadsheet would run as a formula (`=`, `+`,
 * `-`, `@`, tab, CR at the start: a note typed by a person) are prefixed with `'`. Figures are as
 * the API gives them; nothing is computed here. A cell holding a line break is quoted: csv-stringify
 * quotes only the record delimiter (CRLF), and a note's bare LF would otherwise split its row in two.
 * Columns are only ever added at the end, so a spreadsheet built on an export keeps its column letters.
 */
function csv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `\uFEFF${stringify([header, ...rows], { record_delimiter: 'windows', quoted_match: /[\r\n]/, escape_formulas: true, cast: { boolean: String } })}`;
}

const cell = (value: unknown) => (value === null || value === undefined ? '' : value);

/** The active holds, most urgent first, with the review's score and suggested limit. */
export function queueCsv(holds: readonly CreditHold[], names: ReadonlyMap<string, string>): string {
  return csv(
    ['holdId', 'dealerId', 'dealer', 'placedAt', 'reasons', 'exposure', 'creditLimit', 'overdueAmount', 'maxDaysPastDue', 'openReceivables', 'openOrderValue', 'score', 'grade', 'suggestedLimit', 'suggestedAction', 'suggestion'],
    holds.map((hold) => [
      hold.holdId,
      hold.dealerId,
      names.get(hold.dealerId) ?? '',
      hold.placedAt,
      hold.reasons.map((reason) => reason.code).join(' '),
      hold.exposure,
      hold.creditLimit,
      hold.overdueAmount,
      hold.maxDaysPastDue,
      hold.openReceivables,
      hold.openOrderValue,
      cell(hold.review?.score?.score),
      cell(hold.review?.score?.grade),
      cell(hold.review?.score?.suggestedLimit.amount),
      cell(hold.review?.suggestedAction.code),
      cell(hold.review?.suggestedAction.text),
    ]),
  );
}

/** Open receivables by age per dealer, then the total. */
export function ageingCsv(report: AgeingReport, names: ReadonlyMap<string, string>): string {
  const figures = (row: AgeingReport['total']) => [row.current, row.days1to30, row.days31to60, row.days61to90, row.over90, row.total];
  return csv(
    ['dealerId', 'dealer', 'agedOn', 'current', '1-30', '31-60', '61-90', '90+', 'total'],
    [...report.dealers.map((row) => [row.dealerId, names.get(row.dealerId) ?? '', row.today, ...figures(row)]), ['TOTAL', '', '', ...figures(report.total)]],
  );
}

/**
 * Finance's decisions and limits, newest first: who, what, why, when decided and when it took effect, and
 * until when (a release's override, a keep's last day; both inclusive). keepUntil came after the first
 * spreadsheets were built, so it follows eventId.
 */
export function auditCsv(decisions: readonly CreditDecisionRecord[]): string {
  return csv(
    ['decidedAt', 'effectiveAt', 'dealerId', 'decision', 'holdId', 'creditLimit', 'overrideUntil', 'decidedBy', 'note', 'eventId', 'keepUntil'],
    decisions.map((decision) => [
      decision.decidedAt,
      decision.effectiveAt,
      decision.dealerId,
      decision.decision,
      cell(decision.holdId),
      cell(decision.creditLimit),
      cell(decision.overrideUntil),
      decision.decidedBy,
      cell(decision.note),
      decision.eventId,
      cell(decision.keepUntil),
    ]),
  );
}
