// A small XML writer for the query protocols. Handlers describe responses as
// plain objects keyed by the wire element names; arrays become repeated list
// items (`<member>` for awsQuery, `<item>` for EC2), Dates ISO 8601.

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function toXml(value: unknown, listItem: string): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    return value.map((item) => `<${listItem}>${toXml(item, listItem)}</${listItem}>`).join('');
  }
  if (typeof value === 'object') {
    let out = '';
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined) continue;
      out += `<${key}>${toXml(child, listItem)}</${key}>`;
    }
    return out;
  }
  return escapeXml(String(value));
}
