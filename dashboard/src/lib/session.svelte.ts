import type { LoginAnswer, Role, SessionUser } from './types.js';

const STORAGE_KEY = 'fortress.session';
/** The roles, weakest first: each holds every right of those before it. */
export const ROLE_ORDER: readonly Role[] = ['viewer', 'trader', 'admin'];

interface Stored {
  readonly token: string;
  readonly expiresAt: string;
  readonly user: SessionUser;
}

function load(): Stored | undefined {
  try {
    const text = sessionStorage.getItem(STORAGE_KEY);
    if (text === null) return undefined;
    const stored = JSON.parse(text) as Stored;
    if (typeof stored.token !== 'string' || Date.parse(stored.expiresAt) <= Date.now()) return undefined;
    return stored;
  } catch {
    return undefined;
  }
}

/**
 * Who is logged in: the short-lived token and its user, kept in sessionStorage (one tab, gone with it) so
 * a reload does not ask again. Any 401 from the API clears it, which brings the login page back.
 */
export class Session {
  token = $state<string | undefined>(undefined);
  user = $state<SessionUser | undefined>(undefined);
  expiresAt = $state<string | undefined>(undefined);
  /** Why the last session ended (expired, refused), shown on the login page. */
  notice = $state<string | undefined>(undefined);

  constructor() {
    const stored = load();
    if (stored !== undefined) this.set(stored);
  }

  get loggedIn(): boolean {
    return this.token !== undefined;
  }

  /** The roles the user may hand on (an API key's): theirs and the weaker ones. */
  get grantableRoles(): readonly Role[] {
    return this.user === undefined ? [] : ROLE_ORDER.slice(0, ROLE_ORDER.indexOf(this.user.role) + 1);
  }

  /** The user holds `needed` or a stronger role. */
  can(needed: Role): boolean {
    return this.user !== undefined && ROLE_ORDER.indexOf(this.user.role) >= ROLE_ORDER.indexOf(needed);
  }

  set(answer: LoginAnswer | Stored): void {
    this.token = answer.token;
    this.user = answer.user;
    this.expiresAt = answer.expiresAt;
    this.notice = undefined;
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ token: answer.token, expiresAt: answer.expiresAt, user: answer.user }));
    } catch {
      // storage refused (private mode): the session lasts until the page is closed
    }
  }

  /** The user as the server knows it now (its role may have changed since login). */
  refreshUser(user: SessionUser): void {
    if (this.token === undefined || this.expiresAt === undefined) return;
    this.set({ token: this.token, expiresAt: this.expiresAt, user });
  }

  clear(notice?: string): void {
    this.token = undefined;
    this.user = undefined;
    this.expiresAt = undefined;
    this.notice = notice;
    try {
      sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // nothing stored
    }
  }
}

export const session = new Session();
