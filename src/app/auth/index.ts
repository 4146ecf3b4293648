export { AUTH_FILE_NAME, authFilePath, FileAuthStore } from './FileAuthStore.js';
export { ADMIN_PASSWORD_VARIABLE, ADMIN_USERNAME, bootstrapAdmin } from './bootstrapAdmin.js';
export type { BootstrapOutcome } from './bootstrapAdmin.js';
