// One process of a worker service for the bench's Kafka phase (measureKafkaWorkers.ts): the service as its main.ts
// starts it, plus a JSON line on stdout every 100 ms saying how far each task it holds has read and the CPU time the
// process has used (user + system, µs), in all and since the service started, and the batches it handled, its tasks'
// applications, the events they applied and the rows its relay published so far. Its own log goes to
// stderr, warnings only. SIGTERM stops it as it stops a service, then it prints its peak RSS.
import pino from 'pino';
import { startWorkerService, workerServiceSettings } from '@dealerflow/bus-kafka';
import type { WorkerName } from '@dealerflow/domain';
import { peakRssMiB } from './peakRssMiB';

const worker = process.env.DEALERFLOW_BENCH_WORKER as WorkerName;
const logger = pino({ level: 'warn', base: { service: `${worker}-worker` } }, pino.destination(2));
// CPU time from here on is the service's: what loading the modules took before it is not the work measured.
const atStart = process.cpuUsage();
const service = await startWorkerService({ ...workerServiceSettings(worker, process.env), logger });

function report(): void {
  const tasks = service.progress().map((task) => ({ partition: task.partition, fetched: String(task.fetched), buffered: task.buffered }));
  const cpu = process.cpuUsage();
  const serviceCpu = process.cpuUsage(atStart);
  process.stdout.write(`${JSON.stringify({ at: Date.now(), cpu: cpu.user + cpu.system, serviceCpu: serviceCpu.user + serviceCpu.system, tasks, ...service.counters() })}\n`);
}

const timer = setInterval(report, 100);
process.once('SIGTERM', () => {
  clearInterval(timer);
  void service.stop().then(
    () => {
      process.stdout.write(`${JSON.stringify({ peakRssMiB: peakRssMiB() })}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      logger.error({ err: error }, 'stopping failed');
      process.exit(1);
    },
  );
});
