/**
 * The provider client: what a tenant says to a provider's gateway once a lease exists (manifest,
 * lease status, logs, events), authenticated with an ES256K JWT (or an on-chain mTLS client
 * certificate) and sent only to a peer whose TLS certificate checks out.
 */
export { ProviderClient, manifestServices, type ClientCertificateStore, type EventsOptions, type LeaseCallOptions, type LeaseRef, type LogsOptions, type ProviderAuth, type ProviderClientOptions, type SendManifestOptions, type SendManifestResult } from "./client.js";
export { ProviderError, type ProviderErrorCode, type ProviderErrorData, type TlsRefusal } from "./errors.js";
export {
  DEFAULT_JWT_LIFETIME_SECONDS,
  DEFAULT_JWT_SKEW_SECONDS,
  JWT_HEADER,
  JWT_SCOPES,
  claimsProblems,
  createJwt,
  decodeJwt,
  deploymentScoped,
  jwtClaims,
  providerScoped,
  type DecodedJwt,
  type Es256kSigner,
  type JwtClaims,
  type JwtDeploymentPermission,
  type JwtLeases,
  type JwtOptions,
  type JwtPermission,
  type JwtScope,
} from "./jwt.js";
export { ProviderTlsVerifier, checkOnChainCertificate, commonName, type OnChainCertificate, type ProviderCertificates, type TlsTrust } from "./tls.js";
export type { ClientCertificate } from "./transport.js";
export type { ForwardedPort, LeaseEvent, LeaseStatus, LeasedIp, LogFrame, ProviderStatus, ServiceStatus } from "./types.js";
