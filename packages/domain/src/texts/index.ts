export { fillCountTemplate, fillTemplate, type CountTemplate, type TemplateValues } from './fillTemplate';
export { formatDate } from './formatDate';
export { formatList } from './formatList';
export { LOCALES, type Locale, type LocalizedText } from './locale';
export { formatNumber, formatPercent, groupThousands } from './formatNumber';
export { formatMoney } from './formatMoney';
export { escapeHtml } from './escapeHtml';
