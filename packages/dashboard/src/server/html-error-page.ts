// Browsers that open a page that is not there (404) or a link too long for the server
// (431) get a short HTML page with a way back, instead of the API's JSON, which stays the
// answer for API clients (/api/*, health checks, or no text/html in Accept).

const TITLES: Record<number, string> = {
  404: 'Page not found',
  431: 'This link is too long',
};

const EXPLANATIONS: Record<number, string> = {
  404: 'There is no page at this address. The dashboard is at the site’s root.',
  431:
    'The address (or its headers) is larger than the server accepts, so it cannot show this view. ' +
    'A view’s link is usually a few hundred characters: it may have been pasted twice or cut into.',
};

function escapeHtml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** True when the request is a browser asking for a page, not an API client. */
export function wantsHtmlPage(method: string, url: string, accept: string | undefined): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const path = url.split('?', 1)[0] ?? '/';
  if (path.startsWith('/api/') || path === '/healthz' || path === '/readyz') return false;
  return (accept ?? '').includes('text/html');
}

/** The HTML page for an error status (its own words; the API's code in small print). */
export function htmlErrorPage(statusCode: number, code: string): string {
  const title = TITLES[statusCode] ?? 'Something went wrong';
  const explanation = EXPLANATIONS[statusCode] ?? 'The server could not answer this request.';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)} · The West African Ebolavirus Outbreak</title>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(explanation)}</p>
<p><a href="/">Open the dashboard’s default view</a></p>
<p><small>HTTP ${statusCode} · ${escapeHtml(code)}</small></p>
</main>
</body>
</html>
`;
}
