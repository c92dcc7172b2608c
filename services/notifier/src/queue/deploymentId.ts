import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@dealerflow/db';

/**
 * The id of the deployment a database belongs to: made once, by the first notifier that starts on the
 * database, and kept in its `deployment` row. BullMQ's keys carry it (`<prefix>:<deploymentId>:…`), so
 * the queues and their de-duplication on Redis belong to one database: a fresh database on a Redis that
 * another one used starts on keys nobody has written. A restored database keeps its id, and the queue
 * asks that database what it still owes before each send (docs/notifier-channels.md).
 */
export async function readDeploymentId(prisma: PrismaClient): Promise<string> {
  // Two notifiers starting at once on a new database: the one-row index lets one insert win.
  await prisma.$executeRawUnsafe(`INSERT INTO deployment (deployment_id) VALUES ($1) ON CONFLICT DO NOTHING`, randomUUID());
  const rows = await prisma.$queryRawUnsafe<{ deployment_id: string }[]>(`SELECT deployment_id FROM deployment`);
  return rows[0]!.deployment_id;
}

/** The Redis key prefix of a deployment's queues: the operator's prefix, then the database's deployment id. */
export function deploymentPrefix(queuePrefix: string, deploymentId: string): string {
  return `${queuePrefix}:${deploymentId}`;
}
