import type { Locale } from '@dealerflow/domain';
import type { DealerTexts } from './DealerTexts';
import { en } from './en';
import { zhCN } from './zh-CN';

const BY_LOCALE: Record<Locale, DealerTexts> = { en, 'zh-CN': zhCN };

/** The dealer portal's labels in the dealer's locale. */
export function textsFor(locale: Locale): DealerTexts {
  return BY_LOCALE[locale];
}
