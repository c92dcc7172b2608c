import type { DealerTexts } from './DealerTexts';
import { en } from './en';

/** The portal's English tables and charts, worded for staff looking at a dealer rather than to the dealer ("you"). */
export const staffTexts = {
  alerts: { ...en.alerts, caption: 'Open stock alerts, most severe first, with the suggested order' },
  deliveries: { ...en.deliveries, caption: 'Late and partial deliveries, newest first, with the explanation the dealer reads' },
  cover: en.cover,
  rebates: { ...en.rebates, none: 'No rebate program is running for this dealer.' },
  adjustments: en.adjustments,
} satisfies Pick<DealerTexts, 'alerts' | 'deliveries' | 'cover' | 'rebates' | 'adjustments'>;
