/** The pages, in the order the navigation shows them. */
export const PAGES = [
  { id: 'overview', label: 'Overview' },
  { id: 'orders', label: 'Orders' },
  { id: 'strategies', label: 'Strategies' },
  { id: 'risk', label: 'Risk' },
  { id: 'events', label: 'Events' },
  { id: 'backtests', label: 'Backtests' },
  { id: 'access', label: 'Access' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];

function isPage(value: string): value is PageId {
  return PAGES.some((p) => p.id === value);
}

interface Location {
  readonly page: PageId;
  readonly params: Readonly<Record<string, string>>;
}

/** `#/events?correlationId=abc` → { page: 'events', params: { correlationId: 'abc' } }. */
export function parseHash(hash: string): Location {
  const text = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = text.split('?', 2);
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(query)) params[key] = value;
  return { page: isPage(path) ? path : 'overview', params };
}

export function hrefOf(page: PageId, params: Readonly<Record<string, string>> = {}): string {
  const query = new URLSearchParams(params).toString();
  return `#/${page}${query === '' ? '' : `?${query}`}`;
}

/**
 * Hash routing (`#/orders`): the API owns every real path, so the app's own places live after the `#`.
 * No router library: one reactive value following `hashchange`.
 */
class Route {
  current = $state<Location>(parseHash(location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.current = parseHash(location.hash);
    });
  }

  go(page: PageId, params: Readonly<Record<string, string>> = {}): void {
    location.hash = hrefOf(page, params);
  }
}

export const route = new Route();
