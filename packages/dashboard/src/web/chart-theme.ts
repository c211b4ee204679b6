// The chart's colours, read from the page's CSS custom properties (light or dark theme).

export interface Theme {
  text: string;
  grid: string;
  revision: string;
  background: string;
}

export function theme(): Theme {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text-muted', '#555'),
    grid: v('--grid', '#e5e5e5'),
    revision: v('--revision', '#c00'),
    background: v('--surface', '#fff'),
  };
}
