import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError, type TradeIntent } from '../../core/index.js';
import { canonicalJson } from './canonicalJson.js';

/** Shortest shared approval key accepted (characters). */
export const MIN_APPROVAL_KEY_LENGTH = 32;

/** What a signature covers: the approval and the whole intent it approves. */
export interface ApprovalClaim {
  readonly intent: TradeIntent;
  readonly quantity: number;
  readonly decisionId: string;
}

/**
 * The deployment's shared approval key (FORTRESS_APPROVAL_KEY): the risk service signs each approval with it,
 * the execution service checks the signature before it mints a local ApprovedTrade. HMAC-SHA256 over the
 * canonical JSON of intentId, decisionId, quantity and the intent. The key never leaves this object.
 */
export class ApprovalKey {
  readonly #key: Buffer;

  private constructor(key: string) {
    this.#key = Buffer.from(key, 'utf8');
  }

  /** Refuses a missing or short key, naming the variable and the rule (never the value). */
  static parse(value: string | undefined, source = 'FORTRESS_APPROVAL_KEY'): ApprovalKey {
    if (value === undefined || value === '') {
      throw new ValidationError(`${source} is required in distributed mode: a shared secret of at least ${MIN_APPROVAL_KEY_LENGTH} characters that the risk and execution services both hold`, { field: source });
    }
    if (value.length < MIN_APPROVAL_KEY_LENGTH) {
      throw new ValidationError(`${source} is too short (${value.length} characters): use at least ${MIN_APPROVAL_KEY_LENGTH}`, { field: source });
    }
    return new ApprovalKey(value);
  }

  sign(claim: ApprovalClaim): string {
    return createHmac('sha256', this.#key).update(claimText(claim)).digest('base64url');
  }

  /** Constant-time comparison of `signature` with the one this key gives `claim`. */
  verify(claim: ApprovalClaim, signature: string): boolean {
    const expected = Buffer.from(this.sign(claim), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

function claimText(claim: ApprovalClaim): string {
  return canonicalJson({ intentId: claim.intent.intentId, decisionId: claim.decisionId, quantity: claim.quantity, intent: claim.intent });
}
