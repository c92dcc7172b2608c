import { toDeliveryError } from '../deliveryErrors';
import type { DeliveryJobOf } from '../deliveryJob';
import type { Channel } from './channel';
import type { InboxWriter } from './inboxWriter';

/** Delivered once the inbox row is written; a database error is retriable (toDeliveryError). */
export function createInAppChannel(inbox: InboxWriter): Channel<'inApp'> {
  return {
    async send(job: DeliveryJobOf<'inApp'>) {
      try {
        await inbox.write(job);
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
  };
}
