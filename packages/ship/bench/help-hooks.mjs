// Module hooks for bench/help-probe.mjs: reports every @aws-sdk import on fd 2.
import { writeSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@aws-sdk/')) writeSync(2, `\nAWS-SDK ${specifier}\n`);
  return next(specifier, context);
}
