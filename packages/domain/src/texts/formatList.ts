import type { Locale } from './locale';

/**
 * Joins items the way each language lists them: en "a, b and c"; zh-CN "a、b和c".
 * `style: 'clauses'` joins whole clauses: en "a; b; and c" reads badly, so en uses "a, b and c"
 * as well, while zh-CN separates clauses with the full-width semicolon "a；b；c".
 */
export function formatList(items: readonly string[], locale: Locale, style: 'items' | 'clauses' = 'items'): string {
  if (items.length === 0) return '';
  if (locale === 'zh-CN' && style === 'clauses') return items.join('；');
  if (items.length === 1) return items[0]!;
  const head = items.slice(0, -1);
  const last = items[items.length - 1]!;
  return locale === 'zh-CN' ? `${head.join('、')}和${last}` : `${head.join(', ')} and ${last}`;
}
