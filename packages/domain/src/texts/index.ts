export { fillCountTemplate, fillTemplate, type CountTemplate, type TemplateValues } from './fillTemplate';
export { formatDate } from './formatDate';
export { formatList } from './formatList';
export { LOCALES, type Locale, type LocalizedText } from './locale';
