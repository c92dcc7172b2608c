import type { Locale } from '@dealerflow/contracts';

export type { Locale };

/** Every locale a dealer can choose, in the order texts are produced. */
export const LOCALES = ['en', 'zh-CN'] as const satisfies readonly Locale[];

/** One text per locale, the shape of an output's `explanation`. */
export type LocalizedText = Record<Locale, string>;
