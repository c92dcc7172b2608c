import type { CreditDecisionRecord, CreditHoldReader, DealerBoard } from '@dealerflow/runtime';
import type { Logger } from 'pino';
import { readBoard } from '../board/readBoard';
import { ageingCsv, auditCsv, queueCsv } from './financeCsv';
import { readCreditHolds } from './decideOnHold';

export const EXPORT_NAMES = ['queue', 'ageing', 'audit'] as const;
export type ExportName = (typeof EXPORT_NAMES)[number];

/** The audit export stops here (newest first); a longer history is read page by page from `/v1/credit/decisions`. */
export const AUDIT_EXPORT_LIMIT = 10_000;

export interface FinanceExportPorts {
  board: DealerBoard;
  creditHolds?: CreditHoldReader | undefined;
  log: Logger;
}

/** The exports this server can give (the queue needs the credit-hold reader). */
export function exportsAvailable(ports: FinanceExportPorts): ExportName[] {
  return EXPORT_NAMES.filter((name) => name !== 'queue' || ports.creditHolds !== undefined);
}

/** One export as CSV text, read from the ports at request time. */
export async function buildExport(name: ExportName, ports: FinanceExportPorts): Promise<string> {
  const { board, creditHolds, log } = ports;
  switch (name) {
    case 'queue': {
      const holds = await readCreditHolds(log, () => creditHolds!.list({ status: 'active' }));
      return queueCsv(holds, await dealerNames(ports, holds.map((hold) => hold.dealerId)));
    }
    case 'ageing': {
      const report = await readBoard(log, () => board.ageing());
      return ageingCsv(report, await dealerNames(ports, report.dealers.map((row) => row.dealerId)));
    }
    case 'audit':
      return auditCsv(await readBoard(log, () => readAudit(board)));
  }
}

async function readAudit(board: DealerBoard): Promise<CreditDecisionRecord[]> {
  const items: CreditDecisionRecord[] = [];
  let after: string | undefined;
  while (items.length < AUDIT_EXPORT_LIMIT) {
    const page = await board.creditDecisions({ limit: 500, ...(after === undefined ? {} : { after }) });
    items.push(...page.items);
    if (page.nextCursor === null) break;
    after = page.nextCursor;
  }
  return items.slice(0, AUDIT_EXPORT_LIMIT);
}

/** Names of the dealers a list names, from the board's dealer list (a few pages of 500, not a read per dealer). */
async function dealerNames(ports: FinanceExportPorts, dealerIds: readonly string[]): Promise<Map<string, string>> {
  const wanted = new Set(dealerIds);
  const names = new Map<string, string>();
  if (wanted.size === 0) return names;
  let after: string | undefined;
  for (;;) {
    const page = await readBoard(ports.log, () => ports.board.listDealers({ limit: 500, ...(after === undefined ? {} : { after }) }));
    for (const dealer of page.items) if (wanted.has(dealer.dealerId)) names.set(dealer.dealerId, dealer.name);
    if (page.nextCursor === null || names.size === wanted.size) return names;
    after = page.nextCursor;
  }
}
