import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

export const CO_PARTITION_ASSIGNER = 'DealerflowCoPartition';

export interface CoPartitionOptions {
  /** Topics read in full by every member (the reference topic, a global table). */
  globalTopics: readonly string[];
}

/**
 * Gives each member whole tasks: partition number p of every co-partitioned topic goes to the same
 * member (kafkajs' own assigners place each topic's partitions independently, which would split a
 * dealer's orders from its payments). Partition numbers are dealt round-robin over the members in
 * id order, so the assignment is the same whoever computes it. Global topics go to every member:
 * no member commits offsets to Kafka (positions live with the task's state), so sharing is safe.
 */
export function coPartitionAssigner(options: CoPartitionOptions): PartitionAssigner {
  const globals = new Set(options.globalTopics);
  return ({ cluster }) => ({
    name: CO_PARTITION_ASSIGNER,
    version: 1,
    async assign({ members, topics }) {
      const memberIds = members.map((member) => member.memberId).sort();
      const assignment = new Map<string, Record<string, number[]>>(memberIds.map((id) => [id, {}]));
      for (const topic of topics) {
        const partitions = cluster.findTopicPartitionMetadata(topic).map((metadata) => metadata.partitionId).sort((a, b) => a - b);
        for (const partition of partitions) {
          const owners = globals.has(topic) ? memberIds : [memberIds[partition % memberIds.length]!];
          for (const owner of owners) (assignment.get(owner)![topic] ??= []).push(partition);
        }
      }
      return memberIds.map((memberId) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: assignment.get(memberId)!, userData: Buffer.alloc(0) }),
      }));
    },
    protocol({ topics }) {
      return { name: CO_PARTITION_ASSIGNER, metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }) };
    },
  });
}
