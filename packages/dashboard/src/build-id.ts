// Which build of the program this is: scripts/build-server.mjs replaces __EBOV_BUILD_ID__ with the
// content hash of the bundle it writes. Runs from source (tsx, as the tests do) have none, and so
// keep no prepared datasets: without a build id a stored one could come from other code.
declare const __EBOV_BUILD_ID__: string | undefined;

export const BUILD_ID: string | null = typeof __EBOV_BUILD_ID__ === 'string' ? __EBOV_BUILD_ID__ : null;
