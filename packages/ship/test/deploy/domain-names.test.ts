import { describe, expect, it } from 'vitest';
import {
  certificateNames,
  chooseHostedZone,
  type DomainConfig,
  environmentHost,
  hostOfOwnerRecord,
  ownerRecordValue,
  parseOwnerRecord,
} from '../../src/deploy/domain-names.js';
import { UserError } from '../../src/errors.js';

const domain = (over: Partial<DomainConfig> = {}): DomainConfig => ({
  name: 'shop.example.org',
  production: 'apex',
  productionEnvironment: 'production',
  ...over,
});

describe('environmentHost', () => {
  it.each([
    ['production at the apex', domain(), 'production', 'shop.example.org'],
    ['production at www', domain({ production: 'www' }), 'production', 'www.shop.example.org'],
    ['another environment under the domain', domain(), 'feature-x', 'feature-x.shop.example.org'],
    ['"www" is only for production', domain({ production: 'www' }), 'beta', 'beta.shop.example.org'],
    [
      'a renamed production environment',
      domain({ productionEnvironment: 'prod' }),
      'prod',
      'shop.example.org',
    ],
    [
      '…whose "production" is then an ordinary one',
      domain({ productionEnvironment: 'prod' }),
      'production',
      'production.shop.example.org',
    ],
  ])('%s', (_, d, env, host) => {
    expect(environmentHost(d, env)).toBe(host);
  });

  it('the one certificate covers every host: the domain and its wildcard', () => {
    expect(certificateNames(domain())).toEqual(['shop.example.org', '*.shop.example.org']);
  });
});

describe('chooseHostedZone', () => {
  const zone = (name: string, id: string, isPrivate = false) => ({
    id,
    name: `${name}.`,
    private: isPrivate,
  });
  const message = (d: DomainConfig, zones: ReturnType<typeof zone>[]) => {
    try {
      chooseHostedZone(d, zones);
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      return `${(error as UserError).message} | ${(error as UserError).hint}`;
    }
    throw new Error('expected a UserError');
  };

  it('takes the longest public zone the domain ends with', () => {
    const zones = [zone('example.org', 'Z1'), zone('shop.example.org', 'Z2'), zone('op.example.org', 'Z3')];
    expect(chooseHostedZone(domain(), zones).id).toBe('Z2');
    expect(chooseHostedZone(domain({ name: 'api.example.org' }), zones).id).toBe('Z1');
  });

  it('never a private zone, nor one that only shares a suffix of letters', () => {
    const zones = [
      zone('shop.example.org', 'Z1', true),
      zone('example.org', 'Z2'),
      zone('hop.example.org', 'Z3'),
    ];
    expect(chooseHostedZone(domain(), zones).id).toBe('Z2');
  });

  it('names the domain and the zones found when none holds it, with the next step', () => {
    expect(message(domain(), [zone('example.net', 'Z9'), zone('shop.example.org', 'Z8', true)])).toBe(
      "domain shop.example.org: no public Route 53 hosted zone holds it (zones in this account: example.net Z9, shop.example.org (private) Z8) | create a public hosted zone for shop.example.org (or a parent domain) and point the registrar's name servers at it, or fix domain.name in ship.config.json",
    );
    expect(message(domain(), [])).toContain('(this account has no hosted zones)');
  });

  it('two public zones of the same name need domain.hostedZoneId, which then picks one', () => {
    const zones = [zone('example.org', 'Z1'), zone('example.org', 'Z2')];
    expect(message(domain(), zones)).toContain(
      '2 public hosted zones named example.org (Z1, Z2) | set domain.hostedZoneId',
    );
    expect(chooseHostedZone(domain({ hostedZoneId: 'Z2' }), zones).id).toBe('Z2');
    expect(message(domain({ hostedZoneId: 'Z7' }), zones)).toContain(
      'domain.hostedZoneId Z7: not a public hosted zone that holds shop.example.org',
    );
  });
});

describe('owner records', () => {
  it('say app, environment and region, and read back', () => {
    const value = ownerRecordValue({ app: 'shop', env: 'feature-x' }, 'eu-west-1');
    expect(value).toBe('"ship:app=shop ship:env=feature-x ship:region=eu-west-1"');
    expect(parseOwnerRecord(value)).toEqual({ app: 'shop', env: 'feature-x', region: 'eu-west-1' });
  });

  it.each(['"v=spf1 -all"', '"ship:app=shop"', '""'])('%s is not ship’s', (value) => {
    expect(parseOwnerRecord(value)).toBeUndefined();
  });

  it('name the host they are for', () => {
    expect(hostOfOwnerRecord('_ship.beta.shop.example.org.')).toBe('beta.shop.example.org');
    expect(hostOfOwnerRecord('_dmarc.shop.example.org.')).toBeUndefined();
  });
});
