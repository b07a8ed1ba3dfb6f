/**
 * The error body every service answers with. `code` is a stable string (VALIDATION_FAILED,
 * CASE_NOT_FOUND, SUMMONS_ALREADY_DECLINED…) that clients may branch on; `errors` names each
 * offending field with its reason.
 */
export interface FieldError {
  field: string;
  reason: string;
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: FieldError[];
  details?: Record<string, unknown>;
}
