const http = require('node:http');
const bcrypt = require('bcrypt');
const Database = require('better-sqlite3');

// better-sqlite3 has no binary in its npm package (ship compiles it); bcrypt 6 carries prebuilds.
const db = new Database(':memory:');
const hash = bcrypt.hashSync('ebola', 4);
http
  .createServer((_req, res) => {
    const two = db.prepare('select 1 + 1 as two').get().two;
    res.end(`sqlite says ${two}; bcrypt ${bcrypt.compareSync('ebola', hash) ? 'matches' : 'fails'}`);
  })
  .listen(Number(process.env.PORT || 3000));
