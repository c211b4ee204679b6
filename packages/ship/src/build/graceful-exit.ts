// The preload every image runs node with (`node --require /ship/graceful-exit.cjs …`). Node as
// the container's PID 1 has no default action for SIGTERM or SIGINT: without a handler, `podman
// stop` and an ECS task replacement wait out the whole stop timeout and then SIGKILL the app,
// dropping its requests. The preload:
//
//   - on SIGTERM/SIGINT, if the app registered no handler of its own, stops accepting connections
//     on every server it listens with, lets requests in flight finish, and exits 0 once they are
//     closed (or after SHIP_SHUTDOWN_GRACE_MS, default 10000, still exit 0: the drain was asked for);
//   - leaves the signal alone when the app handles it (it then drains and exits itself);
//   - warns on stderr when a server listens on loopback only, where health checks cannot reach it.
//
// Plain CommonJS with no dependencies, so it loads before ES module and CommonJS apps alike.
export const GRACEFUL_EXIT_PATH = 'ship/graceful-exit.cjs';

export const GRACEFUL_EXIT_SOURCE = `'use strict';
// ship: graceful exit for node as PID 1 (see ship's docs: "Clean shutdown").
const net = require('node:net');
const servers = new Set();
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function shipListen(...args) {
  servers.add(this);
  this.once('close', () => servers.delete(this));
  this.once('listening', () => {
    const address = this.address();
    if (address && typeof address === 'object' && (address.address.startsWith('127.') || address.address === '::1'))
      process.stderr.write(
        'ship: warning: the app listens on ' + address.address + ':' + address.port +
          ' only (loopback): nothing outside the container, health checks included, can reach it; listen on 0.0.0.0 (e.g. HOST=0.0.0.0)\\n',
      );
  });
  return listen.apply(this, args);
};
const grace = Number(process.env.SHIP_SHUTDOWN_GRACE_MS) || 10000;
let stopping = false;
function onSignal(signal) {
  if (process.listenerCount(signal) > 1) return;
  if (stopping) return;
  stopping = true;
  const open = [...servers].filter((server) => server.listening);
  process.stderr.write('ship: ' + signal + ': closing ' + open.length + ' server(s), then exiting\\n');
  setTimeout(() => process.exit(0), grace).unref();
  let left = open.length;
  if (left === 0) process.exit(0);
  for (const server of open) {
    server.close(() => {
      left -= 1;
      if (left === 0) process.exit(0);
    });
    // Keep-alive connections that finish their request after close() become idle: close those too.
    if (typeof server.closeIdleConnections === 'function') {
      server.closeIdleConnections();
      setInterval(() => server.closeIdleConnections(), 50).unref();
    }
  }
}
process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);
`;
