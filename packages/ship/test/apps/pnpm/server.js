const express = require('express');

const app = express();
app.get('/', (_req, res) => res.send('pnpm installed me'));
app.listen(Number(process.env.PORT || 3000));
