import type { RebateProgram } from '@dealerflow/contracts';
import type { DeliveredLine } from './state';

/**
 * Whether a delivered line belongs to a program's qualifying sales. Every filter the scope names
 * must match (a filter left out matches everything); facts are those recorded at delivery.
 */
export function isInScope(program: RebateProgram, line: DeliveredLine): boolean {
  if (line.date < program.periodStart || line.date > program.periodEnd) return false;
  const scope = program.scope;
  if (!scope) return true;
  if (scope.skus && !scope.skus.includes(line.sku)) return false;
  if (scope.categories && (line.category === null || !scope.categories.includes(line.category))) return false;
  if (scope.dealerTiers && (line.dealerTier === null || !scope.dealerTiers.includes(line.dealerTier))) return false;
  return true;
}
