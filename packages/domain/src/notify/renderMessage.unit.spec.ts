import { describe, expect, it } from 'vitest';
import { outputOf } from './fixtures';
import { messageText, renderMessage } from './renderMessage';

const render = (exposure: number, locale: 'en' | 'zh-CN') =>
  messageText(
    renderMessage([outputOf('credit.limit.warning', { exposure, creditLimit: 100_000, utilization: exposure / 100_000, warningUtilization: 0.9, causedBy: 'order-8' })], {
      audience: 'finance',
      locale,
      dealerId: 'D-1',
      dealer: undefined,
      maxListed: 50,
    }),
  );

describe('the limit warning', () => {
  it('says a hold follows when exposure is still under the limit', () => {
    expect(render(92_000, 'en')).toMatch(/A hold follows if exposure goes over the limit\./);
    expect(render(92_000, 'zh-CN')).toMatch(/敞口一旦超出额度，将实施信用冻结。/);
  });

  it('says the hold is placed with it when the same event takes exposure over the limit', () => {
    expect(render(106_500, 'en')).toMatch(/it is over the limit, so a credit hold is placed with it\./);
    expect(render(106_500, 'en')).not.toMatch(/A hold follows/);
    expect(render(106_500, 'zh-CN')).toMatch(/已超出额度，因此同时实施信用冻结。/);
  });
});
