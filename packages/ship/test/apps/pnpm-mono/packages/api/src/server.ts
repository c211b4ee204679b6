// Declared by hand: the fixture compiles without @types/node or the sibling's types.
interface Response {
  end(body: string): void;
}
declare function require(id: 'node:http'): {
  createServer(handler: (req: unknown, res: Response) => void): { listen(port: number): void };
};
declare function require(id: '@mono/lib'): { greeting(name: string): string };
declare function require(id: 'ms/package.json'): { version: string };
declare const process: { env: Record<string, string | undefined> };
const http = require('node:http');
const { greeting } = require('@mono/lib');
const ms = require('ms/package.json').version;

http
  .createServer((_req, res) => res.end(`${greeting('api')}; api ms ${ms}`))
  .listen(Number(process.env.PORT ?? 3000));
