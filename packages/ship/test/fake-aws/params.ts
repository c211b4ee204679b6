// Typed reading of one request's parameters, whichever protocol carried them.
// A missing or mistyped field answers the service's own validation error, so a
// caller that sends the wrong shape fails the way it would against AWS.
import { AwsError } from './errors.js';

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };
export type Fields = { [key: string]: Value };

export class Params {
  constructor(
    readonly raw: Fields,
    /** The service's code for a malformed request: `InvalidParameterException`, `ValidationError`… */
    private readonly invalidCode: string,
    private readonly path = '',
  ) {}

  private invalid(key: string, expected: string): AwsError {
    return new AwsError(this.invalidCode, `${this.path}${key}: expected ${expected}`);
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }

  str(key: string): string {
    const value = this.optStr(key);
    if (value === undefined || value === '') throw this.invalid(key, 'a non-empty string (required)');
    return value;
  }

  optStr(key: string): string | undefined {
    const value = this.raw[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw this.invalid(key, 'a string');
  }

  optNum(key: string): number | undefined {
    const value = this.raw[key];
    if (value === undefined || value === null || value === '') return undefined;
    const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
    if (!Number.isFinite(n)) throw this.invalid(key, 'a number');
    return n;
  }

  num(key: string): number {
    const n = this.optNum(key);
    if (n === undefined) throw this.invalid(key, 'a number (required)');
    return n;
  }

  optBool(key: string): boolean | undefined {
    const value = this.raw[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw this.invalid(key, 'true or false');
  }

  /** A list of strings; absent or empty-string (awsQuery's empty list) is []. */
  strs(key: string): string[] {
    const value = this.raw[key];
    if (value === undefined || value === null || value === '') return [];
    if (!Array.isArray(value)) throw this.invalid(key, 'a list');
    return value.map((item, i) => {
      if (typeof item !== 'string') throw this.invalid(`${key}[${i}]`, 'a string');
      return item;
    });
  }

  /** A list of structures. */
  list(key: string): Params[] {
    const value = this.raw[key];
    if (value === undefined || value === null || value === '') return [];
    if (!Array.isArray(value)) throw this.invalid(key, 'a list');
    return value.map((item, i) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        throw this.invalid(`${key}[${i}]`, 'a structure');
      }
      return new Params(item, this.invalidCode, `${this.path}${key}[${i}].`);
    });
  }

  optObj(key: string): Params | undefined {
    const value = this.raw[key];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) throw this.invalid(key, 'a structure');
    return new Params(value, this.invalidCode, `${this.path}${key}.`);
  }

  obj(key: string): Params {
    return this.optObj(key) ?? new Params({}, this.invalidCode, `${this.path}${key}.`);
  }

  /** The field as sent, for echoing back structures we store verbatim. */
  value(key: string): Value | undefined {
    return this.raw[key];
  }
}
