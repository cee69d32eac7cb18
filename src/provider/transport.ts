/**
 * Connections to one provider gateway: TLS 1.3, the peer checked by `ProviderTlsVerifier` before
 * the socket is handed to HTTP (or the websocket upgrade), one connection per request, no session
 * resumption, bounded bodies and deadlines. Failures become `ProviderError`s.
 */
import { request as httpsRequest } from "node:https";
import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from "node:tls";
import { ProviderError } from "./errors.js";
import type { ProviderTlsVerifier } from "./tls.js";

/** A client certificate for mTLS (the on-chain one, as `akash cert create` stores it). */
export interface ClientCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

export interface TransportOptions {
  /** The provider's `host_uri`, parsed. */
  readonly baseUrl: URL;
  readonly verifier: ProviderTlsVerifier;
  /** Roots for the web-PKI step; default Node's (the system's) roots. Tests pass their own CA. */
  readonly trustedCAs?: readonly string[];
  readonly connectTimeoutMs: number;
}

export interface ConnectOptions {
  readonly clientCertificate?: ClientCertificate;
}

type ConnectCallback = (error: Error | null, socket?: TLSSocket) => void;

/**
 * A `createConnection` for `https.request` and `ws`: connects, completes the handshake, verifies
 * the peer, and only then passes the socket on. Nothing is written before the check passed.
 */
export function verifiedConnector(t: TransportOptions, options: ConnectOptions = {}): (opts: unknown, cb: ConnectCallback) => undefined {
  return (_opts, cb) => {
    const url = t.baseUrl.origin;
    const host = hostOf(t.baseUrl);
    const port = Number(t.baseUrl.port || 443);
    // SNI: the host name for JWT (a provider with a CA certificate serves it for that name);
    // "mtls.<host>" for a client certificate, so the gateway answers with its on-chain config.
    const sniBase = isIP(host) === 0 ? host : undefined;
    const servername = options.clientCertificate ? (sniBase ? `mtls.${sniBase}` : undefined) : sniBase;
    const tlsOptions: ConnectionOptions = {
      host,
      port,
      minVersion: "TLSv1.3",
      rejectUnauthorized: false,
      ALPNProtocols: ["http/1.1"],
      ...(servername !== undefined ? { servername } : {}),
      ...(t.trustedCAs ? { ca: [...t.trustedCAs] } : {}),
      ...(options.clientCertificate ? { cert: options.clientCertificate.certPem, key: options.clientCertificate.keyPem } : {}),
    };
    let done = false;
    const finish = (error: Error | null, socket?: TLSSocket): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      cb(error, socket);
    };
    const socket = tlsConnect(tlsOptions);
    const timer = setTimeout(() => {
      socket.destroy();
      finish(new ProviderError("PROVIDER_TIMEOUT", `provider at ${url} did not complete a TLS handshake within ${t.connectTimeoutMs / 1000} s`, { url }));
    }, t.connectTimeoutMs);
    socket.once("error", (error) => finish(unreachable(url, error)));
    socket.once("secureConnect", () => {
      t.verifier.verifySocket(socket, url).then(
        () => {
          if (socket.destroyed) finish(new ProviderError("PROVIDER_UNREACHABLE", `provider at ${url} closed the connection`, { url }));
          else finish(null, socket);
        },
        (error: unknown) => {
          socket.destroy();
          finish(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
    return undefined;
  };
}

export function hostOf(url: URL): string {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

export function unreachable(url: string, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const code = (error as { code?: string }).code;
  const detail = code ?? (error instanceof Error ? error.message : String(error));
  return new ProviderError("PROVIDER_UNREACHABLE", `cannot reach provider at ${url} (${detail})`, { url, errno: code }, { cause: error });
}

export interface HttpRequest {
  readonly method: "GET" | "PUT" | "POST";
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  readonly signal?: AbortSignal;
  readonly clientCertificate?: ClientCertificate;
}

export interface HttpResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: Buffer;
  readonly url: string;
}

/** One HTTPS exchange with the provider; the whole answer is read, up to `maxBodyBytes`. */
export function httpRequest(t: TransportOptions, req: HttpRequest): Promise<HttpResponse> {
  const url = new URL(req.path, t.baseUrl).toString();
  return new Promise<HttpResponse>((resolve, reject) => {
    if (req.signal?.aborted) {
      reject(aborted(url));
      return;
    }
    let settled = false;
    const settle = (error: Error | null, response?: HttpResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener("abort", onAbort);
      if (error) reject(error);
      else resolve(response!);
    };
    const headers: Record<string, string> = { Accept: "application/json", ...req.headers };
    if (req.body) headers["Content-Length"] = String(req.body.length);
    const connector = verifiedConnector(t, req.clientCertificate ? { clientCertificate: req.clientCertificate } : {});
    const cr = httpsRequest({
      method: req.method,
      host: hostOf(t.baseUrl),
      port: Number(t.baseUrl.port || 443),
      path: req.path,
      headers,
      createConnection: connector as never,
    });
    const timer = setTimeout(() => {
      const error = new ProviderError("PROVIDER_TIMEOUT", `provider at ${url} did not answer within ${req.timeoutMs / 1000} s`, { url });
      cr.destroy(error);
      settle(error);
    }, req.timeoutMs);
    const onAbort = (): void => {
      const error = aborted(url);
      cr.destroy(error);
      settle(error);
    };
    req.signal?.addEventListener("abort", onAbort, { once: true });
    cr.on("error", (error) => settle(unreachable(url, error)));
    cr.on("response", (res: IncomingMessage) => {
      const declared = Number(res.headers["content-length"] ?? "0");
      if (declared > req.maxBodyBytes) {
        res.destroy();
        settle(tooLarge(url, res.statusCode ?? 0, req.maxBodyBytes));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > req.maxBodyBytes) {
          res.destroy();
          settle(tooLarge(url, res.statusCode ?? 0, req.maxBodyBytes));
          return;
        }
        chunks.push(chunk);
      });
      res.on("error", (error) => settle(unreachable(url, error)));
      res.on("end", () =>
        settle(null, { status: res.statusCode ?? 0, contentType: String(res.headers["content-type"] ?? ""), body: Buffer.concat(chunks), url }),
      );
    });
    cr.end(req.body ? Buffer.from(req.body) : undefined);
  });
}

export function aborted(url: string): ProviderError {
  return new ProviderError("ABORTED", `request to provider at ${url} was cancelled`, { url });
}

function tooLarge(url: string, status: number, max: number): ProviderError {
  return new ProviderError("PROVIDER_BAD_RESPONSE", `provider at ${url} sent an answer larger than ${Math.round(max / 1024)} KiB; refused`, { url, status });
}
