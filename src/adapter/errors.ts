/**
 * The errors an adapter throws, re-exported from the core's one error hierarchy (src/core/errors.ts, which imports
 * nothing at run time). `GatewayError.isInstance` works across duplicate copies of this module, so a plugin that
 * bundles its own copy still throws errors the gateway recognises.
 */
export {
  type CarrierErrorDetail,
  CarrierRejectedError,
  CarrierUnavailableError,
  type ErrorCode,
  type FieldError,
  GatewayError,
  UnauthorisedError,
  UnsupportedByCarrierError,
  ValidationError,
} from '../core/errors.js';
