import type { AuthData, AuthStore } from './AuthData.js';

/** The in-memory AuthStore (tests, throwaway nodes): keeps a deep copy, so later changes to the caller's object do not leak in. */
export class MemoryAuthStore implements AuthStore {
  private data: AuthData | undefined;

  constructor(initial?: AuthData) {
    this.data = initial === undefined ? undefined : structuredClone(initial);
  }

  load(): AuthData | undefined {
    return this.data === undefined ? undefined : structuredClone(this.data);
  }

  save(data: AuthData): void {
    this.data = structuredClone(data);
  }
}
