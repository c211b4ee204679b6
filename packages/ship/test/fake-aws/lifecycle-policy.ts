// ECR lifecycle policies as ECR reads them: the checks PutLifecyclePolicy makes, and which images
// a policy expires. Pure. Sources (catalogue entries [ecr-lifecycle-validation] and
// [ecr-lifecycle-expiry] in README.md):
// - API PutLifecyclePolicy: lifecyclePolicyText is 100–30,720 characters.
// - User Guide "Lifecycle policy properties": rulePriority unique integers, applied lowest first;
//   a `tagStatus: any` rule must have the highest priority; `tagged` needs tagPrefixList or
//   tagPatternList, `untagged` neither; up to four `*` per pattern; countType imageCountMoreThan
//   or sinceImagePushed (with countUnit days); countNumber > 0; action expire.
// - User Guide "How lifecycle policies work", evaluation rules: an image is expired by one rule
//   or none; an image that matches the tagging requirements of a rule cannot be expired by a rule
//   with a lower priority, though lower rules still count it; tag prefixes unique across rules;
//   one rule for untagged images at most; expiry always goes by pushed-at time, oldest first;
//   with several prefixes (or patterns) an image matches when each matches one of its tags.

export interface StoredImage {
  digest: string;
  tags: string[];
  /** Epoch milliseconds. */
  pushedAt: number;
}

interface Rule {
  rulePriority: number;
  selection: {
    tagStatus: 'tagged' | 'untagged' | 'any';
    tagPrefixList?: string[];
    tagPatternList?: string[];
    countType: 'imageCountMoreThan' | 'sinceImagePushed';
    countUnit?: string;
    countNumber: number;
  };
}

export const minPolicyLength = 100;
export const maxPolicyLength = 30_720;

/** Why ECR would refuse the policy text, or undefined when it takes it. */
export function lifecyclePolicyProblem(text: string): string | undefined {
  if (text.length < minPolicyLength || text.length > maxPolicyLength) {
    return `lifecyclePolicyText must be ${minPolicyLength}–${maxPolicyLength} characters, is ${text.length}`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  const rules = (parsed as { rules?: unknown }).rules;
  if (!Array.isArray(rules) || rules.length === 0) return '#: required key [rules] not found or empty';
  const priorities = new Set<number>();
  const lists = new Set<string>();
  let untagged = 0;
  let anyPriority: number | undefined;
  let highest = 0;
  for (const [index, raw] of rules.entries()) {
    const at = `#/rules/${index}`;
    const rule = raw as Partial<Rule> & { action?: { type?: unknown } };
    const p = rule.rulePriority;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 1)
      return `${at}/rulePriority: expected an integer ≥ 1`;
    if (priorities.has(p)) return `${at}: rulePriority ${p} is not unique`;
    priorities.add(p);
    highest = Math.max(highest, p);
    if (rule.action?.type !== 'expire') return `${at}/action/type: expected expire`;
    const s = rule.selection;
    if (!s) return `${at}: required key [selection] not found`;
    const hasLists = s.tagPrefixList !== undefined || s.tagPatternList !== undefined;
    switch (s.tagStatus) {
      case 'tagged': {
        const list = s.tagPrefixList ?? s.tagPatternList;
        if (!list?.length || (s.tagPrefixList && s.tagPatternList))
          return `${at}/selection: tagStatus tagged needs one of tagPrefixList or tagPatternList`;
        for (const pattern of s.tagPatternList ?? []) {
          if ((pattern.match(/\*/g) ?? []).length > 4)
            return `${at}/selection/tagPatternList: "${pattern}" has more than 4 wildcards`;
        }
        const key = JSON.stringify([s.tagPrefixList ? 'prefix' : 'pattern', [...list].sort()]);
        if (lists.has(key)) return `${at}/selection: the rules' tag prefixes must be unique`;
        lists.add(key);
        break;
      }
      case 'untagged':
        if (hasLists) return `${at}/selection: tagStatus untagged takes no tag list`;
        untagged += 1;
        if (untagged > 1) return `${at}: only one rule may select untagged images`;
        break;
      case 'any':
        if (hasLists) return `${at}/selection: tagStatus any takes no tag list`;
        if (anyPriority !== undefined) return `${at}: only one rule may have tagStatus any`;
        anyPriority = p;
        break;
      default:
        return `${at}/selection/tagStatus: expected tagged, untagged or any`;
    }
    if (s.countType === 'sinceImagePushed') {
      if (s.countUnit !== 'days') return `${at}/selection/countUnit: sinceImagePushed needs countUnit days`;
    } else if (s.countType === 'imageCountMoreThan') {
      if (s.countUnit !== undefined) return `${at}/selection/countUnit: not allowed with imageCountMoreThan`;
    } else {
      return `${at}/selection/countType: expected imageCountMoreThan or sinceImagePushed`;
    }
    if (typeof s.countNumber !== 'number' || !Number.isInteger(s.countNumber) || s.countNumber < 1)
      return `${at}/selection/countNumber: expected an integer ≥ 1`;
  }
  if (anyPriority !== undefined && anyPriority !== highest)
    return 'a rule with tagStatus any must have the highest rulePriority';
  return undefined;
}

const wildcard = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

function matches(rule: Rule, image: StoredImage): boolean {
  const s = rule.selection;
  if (s.tagStatus === 'any') return true;
  if (s.tagStatus === 'untagged') return image.tags.length === 0;
  if (image.tags.length === 0) return false;
  if (s.tagPrefixList) return s.tagPrefixList.every((p) => image.tags.some((t) => t.startsWith(p)));
  return (s.tagPatternList ?? []).every((p) => image.tags.some((t) => wildcard(p).test(t)));
}

/** The images a (valid) policy expires now, oldest first. */
export function imagesToExpire(text: string, images: readonly StoredImage[], now: number): StoredImage[] {
  const rules = [...((JSON.parse(text) as { rules: Rule[] }).rules ?? [])].sort(
    (a, b) => a.rulePriority - b.rulePriority,
  );
  const claimed = new Set<string>();
  const expired = new Map<string, StoredImage>();
  for (const rule of rules) {
    const selected = images.filter((image) => matches(rule, image));
    const newestFirst = [...selected].sort((a, b) => b.pushedAt - a.pushedAt);
    const { countType, countNumber } = rule.selection;
    const over =
      countType === 'imageCountMoreThan'
        ? newestFirst.slice(countNumber)
        : newestFirst.filter((image) => image.pushedAt < now - countNumber * 86_400_000);
    for (const image of over) if (!claimed.has(image.digest)) expired.set(image.digest, image);
    for (const image of selected) claimed.add(image.digest);
  }
  return [...expired.values()].sort((a, b) => a.pushedAt - b.pushedAt);
}
