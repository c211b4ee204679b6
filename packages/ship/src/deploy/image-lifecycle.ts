// The image repository's lifecycle policy: one repository holds the images of every environment
// of an app in a region, so one "keep the newest N" rule let feature-branch pushes expire the
// image production runs. ship writes instead, in ECR's own terms (User Guide, "How lifecycle
// policies work": rules are applied lowest priority first, and an image that matches the tagging
// requirements of a rule cannot be expired by a rule with a lower priority):
//
// 1. one rule per image an environment runs or may roll back to (`tagPatternList` [its exact tag],
//    keep more than 1): those images match a top rule, which never expires its single image, so
//    no later rule can expire them. Each environment keeps its newest `inUseDepth` images: the one
//    it runs and the ones it ran before, the targets of `ship rollback`.
// 2. one rule per environment over the tags deploy gives its images (`<env>.<digest>`, tagPrefixList
//    [`<env>.`]; environment names have no '.', so no environment's prefix is another's): its
//    newest `keep` images; another environment's pushes never count against it.
// 3. last, `tagStatus: any`: images no environment claims (`ship build`/`ship push` output,
//    environments since destroyed) beyond the newest `keep`.
//
// The policy is also where ship remembers which images each environment uses: it is read back
// (parseShipLifecycle), changed for one environment, and written whole. ECR limits a policy to
// 30,720 characters; past that ship refuses with the environments to clean up, rather than drop
// a protection. Pure: no I/O.
import { UserError } from '../errors.js';
import { shortDigest } from '../image/image-tags.js';

/** ECR's limit on a lifecycle policy's length (service quotas: "Lifecycle policy length"). */
export const maxPolicyLength = 30_720;
/** Images an environment keeps from expiry: the one it runs and the two it ran before. */
export const inUseDepth = 3;

export interface EnvironmentImages {
  env: string;
  /** Newest images of the environment to keep (its `<env>.` tags). */
  keep: number;
  /** Tags of the images it runs or may roll back to, most recent first, at most `inUseDepth`. */
  inUse: string[];
}

export interface ShipLifecycle {
  environments: EnvironmentImages[];
  /** Images no environment claims: the newest this many are kept. */
  keepOthers: number;
}

export interface LifecycleRule {
  rulePriority: number;
  description: string;
  selection: {
    tagStatus: 'tagged' | 'untagged' | 'any';
    tagPrefixList?: string[];
    tagPatternList?: string[];
    countType: 'imageCountMoreThan' | 'sinceImagePushed';
    countUnit?: 'days';
    countNumber: number;
  };
  action: { type: 'expire' };
}

/** The tag deploy adds to an image it runs in `env`, so that environment's rule can find it. */
export function environmentTag(env: string, digest: string): string {
  return `${env}.${shortDigest(digest)}`;
}

const inUseText = 'ship: in use by ';
const envText = /^ship: (\S+) keeps its newest \d+ images$/;
const othersText = 'ship: images no environment claims';

/** The rules for a lifecycle, in priority order. */
export function lifecycleRules(lifecycle: ShipLifecycle): LifecycleRule[] {
  const environments = [...lifecycle.environments].sort((a, b) => a.env.localeCompare(b.env));
  // One rule per image: ECR wants a unique set of tag patterns, and two environments may run one image.
  const users = new Map<string, string[]>();
  for (const e of environments) {
    e.inUse.slice(0, inUseDepth).forEach((tag, index) => {
      users.set(tag, [...(users.get(tag) ?? []), `${e.env} (${index + 1})`]);
    });
  }
  const rules: LifecycleRule[] = [];
  const add = (description: string, selection: LifecycleRule['selection']) =>
    rules.push({ rulePriority: rules.length + 1, description, selection, action: { type: 'expire' } });
  for (const [tag, by] of users) {
    add(`${inUseText}${by.join(', ')}`, {
      tagStatus: 'tagged',
      tagPatternList: [tag],
      countType: 'imageCountMoreThan',
      countNumber: 1,
    });
  }
  for (const e of environments) {
    add(`ship: ${e.env} keeps its newest ${e.keep} images`, {
      tagStatus: 'tagged',
      tagPrefixList: [`${e.env}.`],
      countType: 'imageCountMoreThan',
      countNumber: e.keep,
    });
  }
  add(othersText, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: lifecycle.keepOthers });
  return rules;
}

/** The policy text; refuses one ECR would refuse for its length. */
export function lifecyclePolicyText(lifecycle: ShipLifecycle): string {
  const text = JSON.stringify({ rules: lifecycleRules(lifecycle) });
  if (text.length > maxPolicyLength) {
    const names = lifecycle.environments.map((e) => e.env).sort();
    throw new UserError(
      `the image repository's lifecycle policy would be ${text.length} characters, over ECR's limit of ${maxPolicyLength}: ${names.length} environments share the repository (${names.join(', ')})`,
      'destroy the environments you no longer use (`ship destroy --env <name>`); ship never drops the protection of an image an environment runs',
    );
  }
  return text;
}

/** What ship wrote into a policy; undefined parts (no policy, someone else's rules) read as empty. */
export function parseShipLifecycle(text: string | undefined, keepOthers: number): ShipLifecycle {
  const environments = new Map<string, EnvironmentImages>();
  const envOf = (env: string) => {
    const found = environments.get(env) ?? { env, keep: keepOthers, inUse: [] };
    environments.set(env, found);
    return found;
  };
  let others = keepOthers;
  const ranked = new Map<string, { tag: string; rank: number }[]>();
  for (const rule of rulesOf(text)) {
    const description = rule.description ?? '';
    const selection = rule.selection ?? {};
    if (description.startsWith(inUseText) && selection.tagPatternList?.length === 1) {
      const tag = selection.tagPatternList[0] ?? '';
      for (const match of description.slice(inUseText.length).matchAll(/([a-z][a-z0-9-]*) \((\d+)\)/g)) {
        const env = match[1] ?? '';
        envOf(env);
        ranked.set(env, [...(ranked.get(env) ?? []), { tag, rank: Number(match[2]) }]);
      }
      continue;
    }
    const env = envText.exec(description)?.[1];
    if (env && typeof selection.countNumber === 'number') {
      envOf(env).keep = selection.countNumber;
      continue;
    }
    if (description === othersText && typeof selection.countNumber === 'number')
      others = selection.countNumber;
  }
  for (const [env, tags] of ranked) envOf(env).inUse = tags.sort((a, b) => a.rank - b.rank).map((t) => t.tag);
  return { environments: [...environments.values()], keepOthers: others };
}

/** `env` keeps its newest `keep` images (and whatever it already protects). */
export function withEnvironment(lifecycle: ShipLifecycle, env: string, keep: number): ShipLifecycle {
  const existing = lifecycle.environments.find((e) => e.env === env);
  return {
    keepOthers: keep,
    environments: [
      ...lifecycle.environments.filter((e) => e.env !== env),
      { env, keep, inUse: existing?.inUse ?? [] },
    ],
  };
}

/**
 * `env` now runs the image tagged `tag`: it goes first in the environment's list, then `previous`
 * (the image it ran until now, when known), then the rest, newest `inUseDepth` kept.
 */
export function withImageInUse(
  lifecycle: ShipLifecycle,
  env: string,
  tag: string,
  previous?: string,
): ShipLifecycle {
  const existing = lifecycle.environments.find((e) => e.env === env) ?? {
    env,
    keep: lifecycle.keepOthers,
    inUse: [],
  };
  const inUse = [...new Set([tag, ...(previous ? [previous] : []), ...existing.inUse])].slice(0, inUseDepth);
  return {
    ...lifecycle,
    environments: [...lifecycle.environments.filter((e) => e.env !== env), { ...existing, inUse }],
  };
}

/** The environment is gone: its images fall to the last rule. */
export function withoutEnvironment(lifecycle: ShipLifecycle, env: string): ShipLifecycle {
  return { ...lifecycle, environments: lifecycle.environments.filter((e) => e.env !== env) };
}

/** Whether two policy texts say the same (ECR may answer with other spacing). */
export function samePolicyText(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}

interface ReadRule {
  description?: string;
  selection?: { tagPatternList?: string[]; countNumber?: unknown };
}

function rulesOf(text: string | undefined): ReadRule[] {
  if (!text) return [];
  try {
    const parsed = JSON.parse(text) as { rules?: unknown };
    return Array.isArray(parsed.rules)
      ? (parsed.rules as ReadRule[])
          .filter((r) => r && typeof r === 'object')
          .sort(
            (a, b) =>
              Number((a as { rulePriority?: number }).rulePriority ?? 0) -
              Number((b as { rulePriority?: number }).rulePriority ?? 0),
          )
      : [];
  } catch {
    return [];
  }
}
