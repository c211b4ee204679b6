// Runs the fake AWS endpoint as its own process, for manual runs and for tests
// that spawn the CLI:
//   npx tsx packages/ship/test/fake-aws/main.ts --port 4566 --registry 127.0.0.1:5000
//   (knobs: --polls-to-stable, --throttle-every [--throttle-actions ecs:DescribeServices,…], --latency-ms, …)
// Prints `AWS_ENDPOINT_URL=http://127.0.0.1:<port>` once listening; stops on SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { startFakeAws } from './index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4566' },
    registry: { type: 'string' },
    'registry-password': { type: 'string' },
    region: { type: 'string' },
    'polls-to-stable': { type: 'string' },
    'throttle-every': { type: 'string' },
    'throttle-actions': { type: 'string' },
    'latency-ms': { type: 'string' },
    'consistency-delay-calls': { type: 'string' },
    'circuit-breaker-threshold': { type: 'string' },
    'fail-images': { type: 'string' },
  },
});

const number = (flag: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${flag} ${text}: expected a whole number`);
    process.exit(2);
  }
  return n;
};

const throttleEvery = number('throttle-every', values['throttle-every']);
const fake = await startFakeAws({
  port: number('port', values.port),
  registryHost: values.registry,
  registryPassword: values['registry-password'],
  region: values.region,
  pollsToStable: number('polls-to-stable', values['polls-to-stable']),
  throttle: throttleEvery
    ? { every: throttleEvery, actions: values['throttle-actions']?.split(',').map((a) => a.trim()) }
    : false,
  latencyMs: number('latency-ms', values['latency-ms']),
  consistencyDelayCalls: number('consistency-delay-calls', values['consistency-delay-calls']),
  circuitBreakerThreshold: number('circuit-breaker-threshold', values['circuit-breaker-threshold']),
});
if (values['fail-images']) fake.failImages(new RegExp(values['fail-images']));
console.log(`AWS_ENDPOINT_URL=${fake.endpoint}`);

const stop = () => {
  fake.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
