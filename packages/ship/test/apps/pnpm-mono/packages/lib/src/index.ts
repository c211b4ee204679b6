// Declared by hand: the fixture compiles without @types/node.
declare function require(id: 'ms/package.json'): { version: string };

/** Names the version of `ms` this package resolves: npm nests one of the two conflicting copies. */
export function greeting(name: string): string {
  return `hello from @mono/lib, ${name}; lib ms ${require('ms/package.json').version}`;
}
