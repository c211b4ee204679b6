// As `fastify-cli generate` lays it out: a plugin that fastify-cli's `start` loads.
module.exports = async function app(fastify, _opts) {
  fastify.get('/', async () => ({ root: true }));
};
module.exports.options = {};
