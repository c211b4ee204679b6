// EC2-style `Filter.N.Name / Filter.N.Value.M` matching: a resource matches
// when, for every filter, one of its values for that name is listed.
import { AwsError } from './errors.js';
import type { Params } from './params.js';
import type { Tag } from './state.js';

export type FilterFields = Record<string, string[]>;

export function tagFields(tags: Tag[]): FilterFields {
  const fields: FilterFields = { 'tag-key': tags.map((t) => t.key), 'tag-value': tags.map((t) => t.value) };
  for (const t of tags) fields[`tag:${t.key}`] = [t.value];
  return fields;
}

export function matchesFilters(filters: Params[], fields: FilterFields, known: string[]): boolean {
  return filters.every((filter) => {
    const name = filter.str('Name');
    if (!name.startsWith('tag:') && !known.includes(name) && !name.startsWith('tag-')) {
      throw new AwsError('InvalidParameterValue', `The filter '${name}' is invalid`);
    }
    const wanted = filter.strs('Value');
    const have = fields[name] ?? [];
    return wanted.some((w) => have.some((h) => globMatch(w, h)));
  });
}

/** EC2 filter values accept `*` and `?` wildcards. */
function globMatch(pattern: string, value: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern === value;
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(value);
}
