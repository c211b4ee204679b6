const http = require('node:http');
const Database = require('better-sqlite3');

const db = new Database(':memory:');
http
  .createServer((_req, res) => res.end(String(db.prepare('select 1 + 1 as two').get().two)))
  .listen(Number(process.env.PORT || 3000));
