import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { RealClock, type Clock } from '../../core/index.js';
import { ControlError, type Actor, type Role } from '../control.js';
import { apiKeyId, apiKeyMatches, generateApiKey, hashApiKey } from './apiKeyFormat.js';
import { USERNAME_PATTERN, type ApiKeyInfo, type ApiKeyRecord, type AuthData, type AuthStore, type User, type UserInfo } from './AuthData.js';
import { checkPasswordPolicy, DEFAULT_SCRYPT_COST, hashPassword, unmatchableHash, verifyPasswordHash } from './passwords.js';
import { roleAtLeast } from './roles.js';

export interface UserDirectoryOptions {
  /** scrypt N for new password hashes; default 2^15 (tests pass 2^10 to stay fast). */
  readonly scryptCost?: number;
  /** Time for createdAt / revokedAt / lastUsedAt; default the wall clock. */
  readonly clock?: Clock;
}

/** A key's last use is written back at most this often (a script calling every second must not rewrite the file every second). */
const LAST_USED_PERSIST_MS = 60_000;

/**
 * The node's users, their API keys and the token signing secret, kept in an AuthStore. Every change is saved
 * at once. Refusals are ControlErrors (INVALID naming the field, NOT_FOUND, CONFLICT), which the API answers
 * as 400 / 404 / 409. Neither a password nor a key is ever kept in plain text.
 */
export class UserDirectory {
  private readonly users_ = new Map<string, User>();
  private readonly keys = new Map<string, ApiKeyRecord>();
  private readonly tokenSecret: string;
  private readonly signingKey: KeyObject;
  private readonly cost: number;
  private readonly clock: Clock;
  private readonly dummyHash: string;

  private constructor(private readonly store: AuthStore, data: AuthData, options: UserDirectoryOptions) {
    for (const user of data.users) this.users_.set(user.username, user);
    for (const key of data.apiKeys) this.keys.set(key.id, key);
    this.tokenSecret = data.tokenSecret;
    this.signingKey = createSecretKey(Buffer.from(data.tokenSecret, 'base64url'));
    this.cost = options.scryptCost ?? DEFAULT_SCRYPT_COST;
    this.clock = options.clock ?? new RealClock();
    this.dummyHash = unmatchableHash(this.cost);
  }

  /** Loads what the store holds, or starts empty with a new signing secret (saved at once). */
  static create(store: AuthStore, options: UserDirectoryOptions = {}): UserDirectory {
    const loaded = store.load();
    const data: AuthData = loaded ?? { version: 1, tokenSecret: randomBytes(32).toString('base64url'), users: [], apiKeys: [] };
    if (loaded === undefined) store.save(data);
    return new UserDirectory(store, data, options);
  }

  /** No user exists yet: the node must create the first admin. */
  needsBootstrap(): boolean {
    return this.users_.size === 0;
  }

  /** The HS256 key login tokens are signed with. */
  tokenSigningKey(): KeyObject {
    return this.signingKey;
  }

  user(username: string): UserInfo | undefined {
    const user = this.users_.get(username);
    return user === undefined ? undefined : publicUser(user);
  }

  users(): UserInfo[] {
    return [...this.users_.values()].map(publicUser);
  }

  async addUser(username: string, password: string, role: Role): Promise<UserInfo> {
    this.checkNewUsername(username);
    checkPasswordPolicy(password);
    const passwordHash = await hashPassword(password, this.cost);
    this.checkNewUsername(username); // another request may have taken the name while we hashed
    const user: User = { username, role, passwordHash, createdAt: this.now(), disabled: false, sessionEpoch: 0 };
    this.users_.set(username, user);
    this.save();
    return publicUser(user);
  }

  /** The user when the password is theirs (disabled or not: the caller decides); undefined otherwise, in about the same time whether the name exists or not. */
  async verifyPassword(username: string, password: string): Promise<UserInfo | undefined> {
    const user = this.users_.get(username);
    const matches = await verifyPasswordHash(password, user?.passwordHash ?? this.dummyHash);
    return matches && user !== undefined ? publicUser(user) : undefined;
  }

  async setPassword(username: string, password: string): Promise<void> {
    this.existing(username);
    checkPasswordPolicy(password);
    const passwordHash = await hashPassword(password, this.cost);
    const user = this.existing(username);
    // Every login token of the old password is refused from now on.
    this.users_.set(username, { ...user, passwordHash, sessionEpoch: user.sessionEpoch + 1 });
    this.save();
  }

  /** Sign `username` out everywhere: every login token issued so far is refused (API keys are not touched). */
  signOut(username: string): void {
    const user = this.existing(username);
    this.replaceUser({ ...user, sessionEpoch: user.sessionEpoch + 1 });
  }

  /** The epoch a login token of `username` must carry to be accepted; undefined when there is no such user. */
  sessionEpoch(username: string): number | undefined {
    return this.users_.get(username)?.sessionEpoch;
  }

  setRole(username: string, role: Role): UserInfo {
    const user = this.existing(username);
    if (user.role === 'admin' && role !== 'admin') this.keepAnAdmin(user, `cannot make ${username} a ${role}`);
    return this.replaceUser({ ...user, role });
  }

  setDisabled(username: string, disabled: boolean): UserInfo {
    const user = this.existing(username);
    if (disabled && user.role === 'admin') this.keepAnAdmin(user, `cannot disable ${username}`);
    return this.replaceUser({ ...user, disabled });
  }

  /** The caller's identity for a login token's subject: undefined when the user is gone or disabled; the role is the user's current one. */
  actorForUser(username: string, via: string): Actor | undefined {
    const user = this.users_.get(username);
    return user === undefined || user.disabled ? undefined : { username, role: user.role, via };
  }

  /** A new key for `owner`, answered with the key itself this once; only its hash is kept. */
  createApiKey(owner: string, name: string, role: Role): ApiKeyInfo & { readonly key: string } {
    const user = this.existing(owner);
    if (!roleAtLeast(user.role, role)) throw new ControlError('INVALID', `${owner} has role ${user.role}; a key cannot have more (${role})`, 'role');
    const trimmed = name.trim();
    if (trimmed === '' || trimmed.length > 100) throw new ControlError('INVALID', 'name must be 1 to 100 characters', 'name');
    const { id, key } = generateApiKey();
    const record: ApiKeyRecord = { id, name: trimmed, owner, role, keyHash: hashApiKey(key), createdAt: this.now() };
    this.keys.set(id, record);
    this.save();
    return { ...publicKey(record), key };
  }

  /** Every key (or `owner`'s), revoked ones included, oldest first. */
  apiKeys(owner?: string): ApiKeyInfo[] {
    return [...this.keys.values()].filter((key) => owner === undefined || key.owner === owner).map(publicKey);
  }

  apiKey(id: string): ApiKeyInfo | undefined {
    const record = this.keys.get(id);
    return record === undefined ? undefined : publicKey(record);
  }

  /** Revokes the key for good (revoking it again changes nothing). */
  revokeApiKey(id: string): ApiKeyInfo {
    const record = this.keys.get(id);
    if (record === undefined) throw new ControlError('NOT_FOUND', `no API key ${id}`, 'id');
    if (record.revokedAt !== undefined) return publicKey(record);
    const revoked: ApiKeyRecord = { ...record, revokedAt: this.now() };
    this.keys.set(id, revoked);
    this.save();
    return publicKey(revoked);
  }

  /** The caller behind a key: undefined for an unknown, revoked or wrong key or a disabled owner; the role never exceeds the owner's current one. */
  actorForApiKey(key: string): Actor | undefined {
    const id = apiKeyId(key);
    const record = id === undefined ? undefined : this.keys.get(id);
    if (record === undefined || record.revokedAt !== undefined || !apiKeyMatches(key, record.keyHash)) return undefined;
    const owner = this.users_.get(record.owner);
    if (owner === undefined || owner.disabled) return undefined;
    this.touch(record);
    const role = roleAtLeast(owner.role, record.role) ? record.role : owner.role;
    return { username: owner.username, role, via: `apiKey:${record.id}` };
  }

  private touch(record: ApiKeyRecord): void {
    const nowMs = this.clock.nowMs();
    const lastMs = record.lastUsedAt === undefined ? Number.NEGATIVE_INFINITY : Date.parse(record.lastUsedAt);
    if (nowMs - lastMs < LAST_USED_PERSIST_MS) return;
    this.keys.set(record.id, { ...record, lastUsedAt: new Date(nowMs).toISOString() });
    this.save();
  }

  private checkNewUsername(username: string): void {
    if (!USERNAME_PATTERN.test(username)) throw new ControlError('INVALID', 'username must be 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit', 'username');
    const lower = username.toLowerCase();
    for (const existing of this.users_.keys()) {
      if (existing.toLowerCase() === lower) throw new ControlError('CONFLICT', `user ${existing} already exists`, 'username');
    }
  }

  private keepAnAdmin(user: User, what: string): void {
    const activeAdmins = [...this.users_.values()].filter((u) => u.role === 'admin' && !u.disabled && u.username !== user.username);
    if (!user.disabled && activeAdmins.length === 0) throw new ControlError('CONFLICT', `${what}: it is the last active admin (make another admin first)`);
  }

  private existing(username: string): User {
    const user = this.users_.get(username);
    if (user === undefined) throw new ControlError('NOT_FOUND', `no user ${username}`, 'username');
    return user;
  }

  private replaceUser(user: User): UserInfo {
    this.users_.set(user.username, user);
    this.save();
    return publicUser(user);
  }

  private save(): void {
    this.store.save({ version: 1, tokenSecret: this.tokenSecret, users: [...this.users_.values()], apiKeys: [...this.keys.values()] });
  }

  private now(): string {
    return new Date(this.clock.nowMs()).toISOString();
  }
}

function publicUser({ passwordHash: _hash, sessionEpoch: _epoch, ...info }: User): UserInfo {
  return info;
}

function publicKey({ keyHash: _hash, ...info }: ApiKeyRecord): ApiKeyInfo {
  return info;
}
