import { randomBytes } from 'node:crypto';
import { ValidationError, type Logger } from '../../core/index.js';
import { checkPasswordPolicy, type UserDirectory } from '../../api/index.js';

export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD_VARIABLE = 'FORTRESS_ADMIN_PASSWORD';

export interface BootstrapOutcome {
  readonly username: typeof ADMIN_USERNAME;
  /** True when this call created the admin (the directory had no user). */
  readonly created: boolean;
  /** The generated password, when one was generated: print it once; it is stored only hashed. */
  readonly oneTimePassword?: string;
}

/**
 * First run: when the directory has no user, create `admin` with FORTRESS_ADMIN_PASSWORD (which must meet
 * the password policy) or with a generated random password that the caller prints once. There is no default
 * password. Later runs change nothing (the variable is ignored once users exist).
 */
export async function bootstrapAdmin(directory: UserDirectory, env: Readonly<Record<string, string | undefined>>, logger: Logger): Promise<BootstrapOutcome> {
  if (!directory.needsBootstrap()) return { username: ADMIN_USERNAME, created: false };
  const given = env[ADMIN_PASSWORD_VARIABLE];
  if (given !== undefined && given !== '') {
    try {
      checkPasswordPolicy(given, ADMIN_PASSWORD_VARIABLE);
    } catch (error) {
      throw new ValidationError(`${(error as Error).message}; set a longer one or unset it to have a password generated`, { variable: ADMIN_PASSWORD_VARIABLE });
    }
    await directory.addUser(ADMIN_USERNAME, given, 'admin');
    logger.info({ username: ADMIN_USERNAME }, `created user ${ADMIN_USERNAME} (role admin) with the password from ${ADMIN_PASSWORD_VARIABLE}`);
    return { username: ADMIN_USERNAME, created: true };
  }
  const oneTimePassword = randomBytes(18).toString('base64url');
  await directory.addUser(ADMIN_USERNAME, oneTimePassword, 'admin');
  logger.warn({ username: ADMIN_USERNAME }, `created user ${ADMIN_USERNAME} (role admin) with a generated password, shown once; change it with POST /auth/password`);
  return { username: ADMIN_USERNAME, created: true, oneTimePassword };
}
