// The NestJS starter's entry point, without Nest: what matters to ship is the shape (scripts,
// nest-cli.json, git-ignored dist/, `node dist/main` without .js). Declared by hand: the fixture
// compiles without @types/node.
interface Response {
  end(body: string): void;
}
declare const require: (id: 'node:http') => {
  createServer(handler: (req: unknown, res: Response) => void): { listen(port: number): void };
};
declare const process: { env: Record<string, string | undefined> };
const http = require('node:http');

const server = http.createServer((_req, res) => {
  res.end('Hello World!');
});
server.listen(Number(process.env.PORT ?? 3000));
