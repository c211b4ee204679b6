const express = require('express');

const app = express();
app.get('/', (_req, res) => {
  res.send('express says hello');
});
module.exports = app;
