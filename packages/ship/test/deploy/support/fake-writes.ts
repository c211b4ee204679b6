// The AWS calls that change something, answered without error since request `from` (drill steps
// assert "nothing was written").
import type { FakeAws } from '../../fake-aws/index.js';

export function writesSince(fake: FakeAws, from: number): string[] {
  return fake
    .calls()
    .slice(from)
    .filter((c) => !c.error && /^(Create|Register|Update|Put|Delete|Deregister|Tag|Modify)/.test(c.action))
    .map((c) => c.action);
}
