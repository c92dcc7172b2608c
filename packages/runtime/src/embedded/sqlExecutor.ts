import type { Prisma, PrismaClient } from '@dealerflow/db';

/** Prisma's client or an interactive transaction: the runtime's raw, bulk statements run on either. */
export type Executor = PrismaClient | Prisma.TransactionClient;
