import type { DealerProfile } from '@dealerflow/contracts';
import type { PrismaClient } from '@dealerflow/db';
import type { DealerDirectory } from './ports';

/** Dealer master data as the runner last committed it (`global_state` row `pipeline.dealers`). */
export function createDealerDirectory(prisma: PrismaClient): DealerDirectory {
  return {
    async profile(dealerId: string): Promise<DealerProfile | undefined> {
      const rows = await prisma.$queryRawUnsafe<{ profile: string | null }[]>(
        `SELECT (SELECT e ->> 1 FROM json_array_elements(value::json) AS e WHERE e ->> 0 = $1 LIMIT 1) AS profile
           FROM global_state WHERE key = 'pipeline.dealers'`,
        dealerId,
      );
      const profile = rows[0]?.profile;
      return profile ? (JSON.parse(profile) as DealerProfile) : undefined;
    },
  };
}
