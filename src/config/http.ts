/**
 * One bounded HTTP GET for endpoint probes: a timeout that covers the whole response, a size
 * limit, and failures turned into short reasons a person can act on ("connection refused",
 * "timed out after 2000 ms"). Never throws: the result says what happened.
 */

export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export interface GetOptions {
  readonly fetch: FetchFn;
  readonly timeoutMs: number;
  /** Aborts the request early (another endpoint was chosen); reported as "cancelled". */
  readonly signal?: AbortSignal;
}

export type GetResult =
  | { readonly ok: true; readonly status: number; readonly body: string }
  | { readonly ok: false; readonly reason: string };

/** Probe answers are small; anything bigger is not an endpoint we want. */
const MAX_BODY_BYTES = 1024 * 1024;

export async function boundedGet(url: string, options: GetOptions): Promise<GetResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const cancel = (): void => controller.abort();
  options.signal?.addEventListener("abort", cancel, { once: true });
  try {
    if (options.signal?.aborted === true) return { ok: false, reason: "cancelled" };
    const response = await options.fetch(url, {
      method: "GET",
      headers: { accept: "application/json" },
      signal: controller.signal,
      redirect: "follow",
    });
    const body = await readLimited(response, MAX_BODY_BYTES);
    if (body === null) return { ok: false, reason: `response larger than ${MAX_BODY_BYTES / 1024} KiB` };
    return { ok: true, status: response.status, body };
  } catch (error) {
    if (timedOut) return { ok: false, reason: `timed out after ${options.timeoutMs} ms` };
    if (controller.signal.aborted) return { ok: false, reason: "cancelled" };
    return { ok: false, reason: fetchFailure(error) };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", cancel);
  }
}

/** The body as text, or null (the rest unread) once it exceeds `limit` bytes. */
export async function readLimited(response: Response, limit: number): Promise<string | null> {
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset by the server",
  EPIPE: "connection closed by the server",
  UND_ERR_SOCKET: "connection closed by the server",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  ETIMEDOUT: "connection timed out",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed (temporary DNS failure)",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  CERT_HAS_EXPIRED: "TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "TLS certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "TLS certificate chain is not trusted",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS certificate cannot be verified",
  ERR_TLS_CERT_ALTNAME_INVALID: "TLS certificate is for another host name",
};

/** What a failed fetch means, from undici's error and its cause. */
export function fetchFailure(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause ?? error;
  const code = errorCode(cause) ?? errorCode(firstOf(cause));
  if (code !== undefined) return REASONS[code] ?? `connection failed (${code})`;
  const message = cause instanceof Error ? cause.message : String(cause);
  return `request failed: ${message}`;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

/** Happy-eyeballs connects fail with an AggregateError of one error per address. */
function firstOf(error: unknown): unknown {
  const errors = (error as { errors?: unknown } | null | undefined)?.errors;
  return Array.isArray(errors) ? errors[0] : undefined;
}

/** `base` + `path`, keeping any path prefix of the base (https://host/rpc + /status). */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/u, "")}${path}`;
}
