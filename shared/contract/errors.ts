// Every failure that crosses the contract is one of these codes. The renderer shows each in the
// bookkeeper's language (renderer/src/i18n); `message` is the English fallback used by the CLI.
export const ERROR_CODES = [
  'invalid_input',    // the input does not match the operation's schema
  'unknown_operation',
  'not_found',
  'conflict',         // would break a rule of the ledger (duplicate, locked period, ...)
  'no_company',       // no ledger is open yet
  'vault_locked',     // a secret is needed and the vault is not unlocked
  'bad_file',         // a statement or item file could not be read
  'provider_error',   // an outside system refused or failed
  'cancelled',        // the user cancelled a long operation; nothing was written
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ContractError {
  code: ErrorCode;
  message: string;
  /** Where the problem is: a field path ("iban"), a file and line ("bank.sta:12"), ... */
  where?: string;
}

export type CallResult<T> = { ok: true; value: T } | { ok: false; error: ContractError };

/** Thrown inside the core; turned into a CallResult by the dispatcher. */
export class PointageError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly where?: string,
  ) {
    super(message);
    this.name = 'PointageError';
  }

  toJSON(): ContractError {
    return this.where === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, where: this.where };
  }
}
