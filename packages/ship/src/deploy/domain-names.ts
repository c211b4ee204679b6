// An app's own domain, as names. Pure. One certificate per app covers the
// domain and its wildcard (`example.com`, `*.example.com`): every environment
// is `<env>.<domain>` under it, so a new environment (a pull-request preview)
// needs no new certificate and no wait for validation, and branch names never
// reach the public Certificate Transparency logs. The production environment
// answers at the apex or at `www`, as configured. Each environment's address
// is an alias A record to the load balancer, with a TXT record beside it
// (`_ship.<host>`) that says whose it is: Route 53 records carry no tags.
import { UserError } from '../errors.js';
import type { Target } from './naming.js';

export interface DomainConfig {
  /** The domain the app's addresses live under, e.g. "example.com" or "shop.example.com". */
  name: string;
  /** Where the production environment answers: the domain itself or `www.<domain>`. */
  production: 'apex' | 'www';
  /** The environment that answers at the apex or www (default "production"). */
  productionEnvironment: string;
  /** Picks the hosted zone when the account has two public zones of the same name. */
  hostedZoneId?: string;
}

/** The host name an environment answers at. */
export function environmentHost(domain: DomainConfig, env: string): string {
  if (env !== domain.productionEnvironment) return `${env}.${domain.name}`;
  return domain.production === 'www' ? `www.${domain.name}` : domain.name;
}

/** The names on the app's one certificate. */
export function certificateNames(domain: Pick<DomainConfig, 'name'>): [string, string] {
  return [domain.name, `*.${domain.name}`];
}

export interface HostedZoneSummary {
  id: string;
  /** With its trailing dot, as Route 53 answers it. */
  name: string;
  private: boolean;
}

const bare = (name: string) => name.toLowerCase().replace(/\.$/, '');

/**
 * The public hosted zone that holds the domain: the longest zone name the domain ends with
 * (a delegated `shop.example.com` zone wins over `example.com`).
 */
export function chooseHostedZone(
  domain: DomainConfig,
  zones: readonly HostedZoneSummary[],
): HostedZoneSummary {
  const name = bare(domain.name);
  const listed = zones.map((z) => `${bare(z.name)}${z.private ? ' (private)' : ''} ${z.id}`);
  const seen =
    listed.length > 0 ? `zones in this account: ${listed.join(', ')}` : 'this account has no hosted zones';
  if (domain.hostedZoneId) {
    const zone = zones.find((z) => z.id === domain.hostedZoneId);
    if (!zone || zone.private || !holds(zone, name)) {
      throw new UserError(
        `domain.hostedZoneId ${domain.hostedZoneId}: not a public hosted zone that holds ${name} (${seen})`,
        'fix domain.hostedZoneId in ship.config.json, or remove it to let ship pick the zone',
      );
    }
    return zone;
  }
  const holding = zones.filter((z) => !z.private && holds(z, name));
  const longest = Math.max(0, ...holding.map((z) => bare(z.name).length));
  const best = holding.filter((z) => bare(z.name).length === longest);
  if (best.length === 0) {
    throw new UserError(
      `domain ${name}: no public Route 53 hosted zone holds it (${seen})`,
      `create a public hosted zone for ${name} (or a parent domain) and point the registrar's name servers at it, or fix domain.name in ship.config.json`,
    );
  }
  if (best.length > 1) {
    throw new UserError(
      `domain ${name}: ${best.length} public hosted zones named ${bare(best[0]?.name ?? '')} (${best.map((z) => z.id).join(', ')})`,
      'set domain.hostedZoneId in ship.config.json to the one the registrar delegates to',
    );
  }
  return best[0] as HostedZoneSummary;
}

function holds(zone: HostedZoneSummary, name: string): boolean {
  const zoneName = bare(zone.name);
  return name === zoneName || name.endsWith(`.${zoneName}`);
}

/** The name of the TXT record that marks `host` as ship's. */
export const ownerRecordName = (host: string) => `_ship.${host}`;

/** Its value: a quoted TXT string (Route 53 wants the quotes). */
export function ownerRecordValue(target: Target, region: string): string {
  return `"ship:app=${target.app} ship:env=${target.env} ship:region=${region}"`;
}

export interface RecordOwner {
  app: string;
  env: string;
  region: string;
}

/** Reads an owner TXT value back; undefined when it is not ship's. */
export function parseOwnerRecord(value: string): RecordOwner | undefined {
  const fields = new Map(
    value
      .replace(/^"|"$/g, '')
      .split(/\s+/)
      .map((pair) => pair.split('=', 2) as [string, string]),
  );
  const app = fields.get('ship:app');
  const env = fields.get('ship:env');
  const region = fields.get('ship:region');
  return app && env && region ? { app, env, region } : undefined;
}

/** The host an owner TXT record name is for (`_ship.beta.example.com.` → `beta.example.com`). */
export const hostOfOwnerRecord = (name: string): string | undefined =>
  /^_ship\./.test(name) ? bare(name.slice('_ship.'.length)) : undefined;
