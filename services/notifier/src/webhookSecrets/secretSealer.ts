import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Seals dealers' webhook secrets for the database with AES-256-GCM under a key that lives outside it
 * (DEALERFLOW_SECRETS_KEY), so a copy of the database alone forges no webhook. HMAC keys cannot be hashed
 * like tokens: the notifier needs each secret itself to sign with.
 */
export interface SecretSealer {
  /** A fingerprint of the key (not the key), stored beside each sealed secret to name a key that changed. */
  readonly keyId: string;
  /** `context` is bound into the seal: a sealed value moved to another row or dealer no longer opens. */
  seal(secret: string, context: string): string;
  /** Throws `SealedSecretError` when the value was not sealed by this key under this context. */
  open(sealed: string, context: string): string;
}

export class SealedSecretError extends Error {
  override readonly name = 'SealedSecretError';
}

const FORMAT = 'v1';
const IV_BYTES = 12;

/** `keyText`: at least 32 characters of a random key (`openssl rand -base64 32`); any text works, stretched by HKDF. */
export function createSecretSealer(keyText: string): SecretSealer {
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(keyText, 'utf8'), Buffer.alloc(0), 'dealerflow webhook secrets v1', 32));
  const keyId = createHmac('sha256', key).update('dealerflow key id').digest('hex').slice(0, 16);
  return {
    keyId,
    seal(secret, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(context, 'utf8'));
      const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return [FORMAT, iv.toString('base64url'), sealed.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    },
    open(sealed, context) {
      const [format, iv, body, tag] = sealed.split('.');
      if (format !== FORMAT || iv === undefined || body === undefined || tag === undefined) {
        throw new SealedSecretError('not a sealed secret of a format this build knows');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch (error) {
        throw new SealedSecretError('the sealed secret does not open with this key (another key, or a value moved or altered)', { cause: error });
      }
    },
  };
}
