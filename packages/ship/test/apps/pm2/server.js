// A plain HTTP app started the way many starters do it: `pm2 start server.js`.
const http = require('node:http');

http.createServer((_req, res) => res.end('pm2 runs me')).listen(Number(process.env.PORT || 3000));
