// Fastify's validator compiler for this app: the series query schema gets its
// validator precompiled by ajv at development time (series-query-validator.ts),
// so starting the server loads and compiles no ajv. Any other schema (a route
// added later) falls back to Fastify's usual ajv compiler, loaded on demand.
import { createRequire } from 'node:module';
import type AjvCompiler from '@fastify/ajv-compiler';
import { SERIES_QUERY_SCHEMA_ID } from './series-query.js';
import { validate as validateSeriesQuery } from './series-query-validator.js';

type Compile = ReturnType<AjvCompiler.BuildCompilerFromPool>;

const require = createRequire(import.meta.url);

export const buildValidator: AjvCompiler.BuildCompilerFromPool = (externalSchemas, options) => {
  let ajvCompile: Compile | undefined;
  return (route) => {
    const schema = route.schema as { $id?: unknown };
    if (schema.$id === SERIES_QUERY_SCHEMA_ID) return validateSeriesQuery as ReturnType<Compile>;
    if (ajvCompile === undefined) {
      const ajvCompiler = require('@fastify/ajv-compiler') as typeof AjvCompiler;
      ajvCompile = ajvCompiler()(externalSchemas, options);
    }
    return ajvCompile(route);
  };
};

type BuildSerializer = (
  externalSchemas: unknown,
  options: unknown,
) => (route: unknown) => (data: unknown) => string;

/**
 * No route has a response schema, so Fastify's serializer compiler (fast-json-stringify, which loads ajv)
 * is only loaded if one ever does.
 */
export const buildSerializer: BuildSerializer = (externalSchemas, options) => {
  let compile: ReturnType<BuildSerializer> | undefined;
  return (route) => {
    if (compile === undefined) {
      const factory = require('@fastify/fast-json-stringify-compiler') as () => BuildSerializer;
      compile = factory()(externalSchemas, options);
    }
    return compile(route);
  };
};
