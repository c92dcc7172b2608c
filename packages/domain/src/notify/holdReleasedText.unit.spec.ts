import { describe, expect, it } from 'vitest';
import { outputOf } from './fixtures';
import { messageText, renderMessage } from './renderMessage';

const released = outputOf('credit.hold.released', {
  holdId: 'hold-D-1-1',
  releasedBy: 'auto',
  reason: 'exposure 9500.00 is at or below 9500.00 (the limit of 10000.00 less 5%), nothing is overdue (cleared by payment.received)',
  cleared: { conditions: ['exposure_within_release_margin', 'overdue_paid'], by: 'payment.received', exposure: 9500, releaseThreshold: 9500, overdueAmount: 0 },
  causedBy: 'payment-7',
});
const render = (locale: 'en' | 'zh-CN') => messageText(renderMessage([released], { audience: 'finance', locale, dealerId: 'D-1', dealer: undefined, maxListed: 50 }));

describe('an automatic release tells finance what cleared it, in its language', () => {
  it('in English', () => {
    expect(render('en')).toMatch(/Released automatically: every condition of the hold has cleared\./);
    expect(render('en')).toMatch(/Exposure .*9,500\.00 is at or below .*9,500\.00, the credit limit less the release margin\./);
    expect(render('en')).toMatch(/Nothing is overdue any more\./);
  });

  it('in Simplified Chinese, without the English reason', () => {
    expect(render('zh-CN')).toMatch(/已自动解除：冻结的各项条件均已满足。/);
    expect(render('zh-CN')).toMatch(/已无逾期欠款。/);
    expect(render('zh-CN')).not.toMatch(/cleared by/);
  });
});
