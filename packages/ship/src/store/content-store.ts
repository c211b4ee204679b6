// Blobs on disk named by digest (`<root>/blobs/sha256/<hex>`, the OCI layout's own scheme), so
// base layers are downloaded once and our layers are built once per distinct input. Writes go to
// a temp file and are renamed into place after the digest is checked: no half-written blobs.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Readable, Transform, type Writable } from 'node:stream';
import { type Digest, digestHex, sha256 } from '../image/digest.js';

/** `$SHIP_CACHE_DIR`, else `$XDG_CACHE_HOME/ship`, else `~/.cache/ship`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SHIP_CACHE_DIR) return env.SHIP_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'ship');
}

export class ContentStore {
  constructor(readonly root: string) {}

  path(digest: Digest): string {
    return join(this.root, 'blobs', 'sha256', digestHex(digest));
  }

  private tempPath(): string {
    return join(this.root, 'tmp', `${process.pid}-${randomBytes(6).toString('hex')}`);
  }

  async has(digest: Digest): Promise<boolean> {
    try {
      await stat(this.path(digest));
      return true;
    } catch {
      return false;
    }
  }

  async size(digest: Digest): Promise<number> {
    return (await stat(this.path(digest))).size;
  }

  async read(digest: Digest): Promise<Buffer> {
    return readFile(this.path(digest));
  }

  /** Bytes of a blob from `start` up to (not including) `end`. */
  open(digest: Digest, start = 0, end?: number): Readable {
    return createReadStream(this.path(digest), { start, ...(end === undefined ? {} : { end: end - 1 }) });
  }

  async put(bytes: Uint8Array): Promise<Digest> {
    const digest = sha256(bytes);
    if (await this.has(digest)) return digest;
    const temp = this.tempPath();
    await mkdir(dirname(temp), { recursive: true });
    await mkdir(dirname(this.path(digest)), { recursive: true });
    await writeFile(temp, bytes);
    await rename(temp, this.path(digest));
    return digest;
  }

  /** Lets `write` stream a blob into the store; keeps it only if its bytes hash to `digest`. */
  async receive(digest: Digest, write: (sink: Writable) => Promise<void>): Promise<void> {
    const temp = this.tempPath();
    await mkdir(dirname(temp), { recursive: true });
    await mkdir(dirname(this.path(digest)), { recursive: true });
    const hash = createHash('sha256');
    const file = createWriteStream(temp);
    const hashing = new Transform({
      transform(chunk, _encoding, callback) {
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    hashing.pipe(file);
    const closed = new Promise<void>((resolve, reject) => {
      file.on('close', resolve);
      file.on('error', reject);
    });
    try {
      await write(hashing);
      await closed;
      const got = `sha256:${hash.digest('hex')}`;
      if (got !== digest) throw new Error(`blob ${digest} arrived with digest ${got}`);
      await rename(temp, this.path(digest));
    } finally {
      await rm(temp, { force: true });
    }
  }

  /** Small JSON records keyed by a hash of their inputs (e.g. "the node_modules layer for lockfile X"). */
  async readRecord<T>(kind: string, key: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(join(this.root, 'records', kind, `${key}.json`), 'utf8')) as T;
    } catch {
      return undefined;
    }
  }

  async writeRecord(kind: string, key: string, value: unknown): Promise<void> {
    const file = join(this.root, 'records', kind, `${key}.json`);
    const temp = this.tempPath();
    await mkdir(dirname(file), { recursive: true });
    await mkdir(dirname(temp), { recursive: true });
    await writeFile(temp, JSON.stringify(value));
    await rename(temp, file);
  }
}
