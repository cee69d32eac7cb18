/**
 * Failures at the provider boundary. A `ProviderError` means the provider (or the way to it) said
 * no or could not be trusted: a stable `code` for scripts, the HTTP `status` when there was one,
 * the `url` asked (never a token), and a message that says what to do. Text that came from the
 * provider is kept verbatim in `data.providerMessage`; it is untrusted and the CLI escapes it
 * before it reaches a terminal.
 */
import { AkashError } from "../errors.js";

export type ProviderErrorCode =
  /** TCP/TLS connection failed, reset, or the host did not resolve. */
  | "PROVIDER_UNREACHABLE"
  /** The provider's TLS certificate is neither web-PKI valid nor its published on-chain certificate. */
  | "PROVIDER_TLS_UNTRUSTED"
  /** No answer (or no complete answer) within the time allowed. */
  | "PROVIDER_TIMEOUT"
  /** 401/403: the provider refused our JWT or client certificate. */
  | "PROVIDER_AUTH"
  /** 422: the provider refused the manifest (hash differs from the chain, does not match the group specs, ...). */
  | "MANIFEST_REJECTED"
  /** 404 "no lease for deployment" until the deadline: the provider never saw the lease. */
  | "NO_LEASE"
  /** 404 on a lease route, or websocket close 4001: the provider has no manifest / deployment for the lease. */
  | "LEASE_NOT_FOUND"
  /** Websocket close 4002: the service is not available (yet). */
  | "SERVICE_UNAVAILABLE"
  /** Websocket close 4000: the provider failed internally ("no running pods", ...). */
  | "PROVIDER_STREAM_ERROR"
  /** The answer was too large, not JSON, or not the shape the API documents. */
  | "PROVIDER_BAD_RESPONSE"
  /** Any other non-2xx status. */
  | "PROVIDER_HTTP"
  /** The caller aborted the request (AbortSignal). */
  | "ABORTED";

export interface ProviderErrorData {
  readonly status?: number | undefined;
  readonly url?: string | undefined;
  /** The provider's own words (response body or close reason), verbatim and untrusted. */
  readonly providerMessage?: string | undefined;
  readonly [key: string]: unknown;
}

export class ProviderError extends AkashError {
  declare readonly code: ProviderErrorCode;
  declare readonly data: Readonly<ProviderErrorData>;

  constructor(code: ProviderErrorCode, message: string, data: ProviderErrorData = {}, options?: { cause?: unknown }) {
    super(code, message, data, options);
  }

  get status(): number | undefined {
    return this.data.status;
  }

  get url(): string | undefined {
    return this.data.url;
  }
}

/** Why an on-chain (self-signed) provider certificate was refused; in `data.reason` of PROVIDER_TLS_UNTRUSTED. */
export type TlsRefusal =
  | "NO_CERTIFICATE"
  | "SESSION_RESUMED"
  | "CHAIN_NOT_SINGLE"
  | "NOT_SELF_SIGNED"
  | "NO_SERIAL"
  | "NOT_YET_VALID"
  | "EXPIRED"
  | "CN_NOT_PROVIDER"
  | "NOT_ON_CHAIN"
  | "NOT_VALID_ON_CHAIN"
  | "FINGERPRINT_MISMATCH"
  | "CHAIN_LOOKUP_FAILED";
