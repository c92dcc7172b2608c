import { describe, expect, it } from 'vitest';
import { defaultNotifyPolicy, notifyPolicySchema } from './policy';
import { completePreferences, preferenceAllows, preferenceKindsFor, validatePreferences } from './preferences';

describe('preferenceKindsFor', () => {
  it('lists every kind a dealer can receive under the RULES.md §5 defaults', () => {
    expect(preferenceKindsFor(defaultNotifyPolicy)).toEqual([
      'stock.alert.raised',
      'stock.alerts.summarised',
      'delivery.late',
      'delivery.partial',
      'credit.hold.placed',
      'credit.hold.released',
      'rebate.tier.reached',
      'rebate.statement.issued',
      'rebate.adjustment.issued',
      'cash.discount.earned',
      'rebate.accrued',
    ]);
  });
});

describe('completePreferences', () => {
  it('returns the whole document: every channel and kind, opt-outs kept, the rest on', () => {
    const doc = completePreferences({ channels: { email: { 'delivery.late': false } } }, defaultNotifyPolicy);
    expect(Object.keys(doc.channels)).toEqual(['webhook', 'email', 'inApp']);
    expect(doc.channels.email?.['delivery.late']).toBe(false);
    expect(doc.channels.email?.['stock.alert.raised']).toBe(true);
    expect(doc.channels.webhook?.['delivery.late']).toBe(true);
    expect(Object.keys(doc.channels.inApp ?? {})).toHaveLength(11);
  });
});

describe('validatePreferences', () => {
  it('accepts a valid document', () => {
    const result = validatePreferences({ channels: { webhook: { 'stock.alert.raised': false }, inApp: {} } });
    expect(result).toEqual({ ok: true, value: { channels: { webhook: { 'stock.alert.raised': false }, inApp: {} } } });
  });

  it('names an unknown channel', () => {
    const result = validatePreferences({ channels: { sms: { 'stock.alert.raised': true } } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { path: ['channels', 'sms'], message: 'unknown channel "sms": expected one of webhook, email, inApp' },
    ]);
  });

  it('names an unknown kind, a kind the dealer cannot receive, and a value that is not a boolean', () => {
    const result = validatePreferences({
      channels: { email: { 'stock.alert.lowered': false, 'credit.limit.warning': true, 'delivery.late': 'no' } },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => error.path)).toEqual([
      ['channels', 'email', 'stock.alert.lowered'],
      ['channels', 'email', 'credit.limit.warning'],
      ['channels', 'email', 'delivery.late'],
    ]);
    expect(result.errors[0]?.message).toMatch(/^unknown kind "stock.alert.lowered": expected one of stock.alert.raised, /);
    expect(result.errors[2]?.message).toBe('expected true or false for "delivery.late"');
  });

  it('refuses a document without channels, or with other keys', () => {
    expect(validatePreferences([])).toEqual({ ok: false, errors: [{ path: [], message: 'expected an object { "channels": { … } }' }] });
    const result = validatePreferences({ channel: {} });
    expect(result.ok ? [] : result.errors.map((error) => error.path)).toEqual([['channel'], ['channels']]);
  });

  it('follows the policy: a kind the operator routes to dealers becomes a valid key', () => {
    const policy = notifyPolicySchema.parse({ audiences: { dealer: { types: ['credit.limit.warning'] } } });
    expect(validatePreferences({ channels: { email: { 'credit.limit.warning': false } } }, policy).ok).toBe(true);
    expect(validatePreferences({ channels: { email: { 'stock.alert.raised': false } } }, policy).ok).toBe(false);
  });
});

describe('preferenceAllows', () => {
  it('is on unless the kind is switched off on that channel', () => {
    const prefs = { channels: { email: { 'delivery.late': false, 'delivery.partial': true } } };
    expect(preferenceAllows(prefs, 'email', 'delivery.late')).toBe(false);
    expect(preferenceAllows(prefs, 'email', 'delivery.partial')).toBe(true);
    expect(preferenceAllows(prefs, 'webhook', 'delivery.late')).toBe(true);
    expect(preferenceAllows(undefined, 'inApp', 'delivery.late')).toBe(true);
  });
});
