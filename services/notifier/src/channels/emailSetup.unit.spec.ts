import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { channelsOn, emailStatusOf, relayOf } from './emailSetup';

describe('email setup', () => {
  it('plans no email while it is off, and every channel otherwise', () => {
    expect(channelsOn({ mode: 'off' })).toEqual(['webhook', 'inApp']);
    expect(channelsOn({ mode: 'outbox', folder: '/x' })).toEqual(['webhook', 'email', 'inApp']);
    expect(channelsOn({ mode: 'smtp', smtpUrl: 'smtp://relay:25' })).toEqual(['webhook', 'email', 'inApp']);
  });

  it('shows operators the relay without its credentials', async () => {
    expect(relayOf('smtps://mailer:s3cret@relay.example:465?tls.rejectUnauthorized=false')).toBe('smtps://relay.example:465');
    expect(await emailStatusOf({ mode: 'smtp', smtpUrl: 'smtp://u:p@relay.example:587' })).toEqual({ mode: 'smtp', relay: 'smtp://relay.example:587' });
    expect(relayOf('not a url')).not.toMatch(/not a url/);
  });

  it('counts the messages in the outbox folder, none before the folder exists', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dealerflow-outbox-'));
    expect(await emailStatusOf({ mode: 'outbox', folder: join(folder, 'not-yet') })).toEqual({ mode: 'outbox', folder: join(folder, 'not-yet'), messages: 0 });
    writeFileSync(join(folder, 'a.eml'), '');
    writeFileSync(join(folder, 'b.eml'), '');
    writeFileSync(join(folder, 'b.eml.1234.part'), '');
    expect(await emailStatusOf({ mode: 'outbox', folder })).toEqual({ mode: 'outbox', folder, messages: 2 });
  });
});
