// Client configuration that points a real AWS SDK v3 client at the fake.
import type { FakeAws } from './index.js';

export function sdkConfig(fake: FakeAws, extra: { maxAttempts?: number; region?: string } = {}) {
  return {
    endpoint: fake.endpoint,
    region: fake.region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    ...extra,
  };
}
