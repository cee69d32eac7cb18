/**
 * Websocket streams from the provider (lease logs and events) as async iterators of parsed
 * frames. The connection goes through the same verified connector as HTTPS requests, so the JWT
 * in the upgrade request is sent only to a checked peer. Pings are answered (the server pings
 * every 10 s) and a silent connection is dropped; a slow consumer pauses the socket; close codes
 * 4000/4001/4002 become typed errors; an AbortSignal closes the stream.
 *
 * `ws` is loaded on first use: `akash --help` never pays for it.
 */
import type { IncomingMessage } from "node:http";
import { ProviderError } from "./errors.js";
import { quoteProvider } from "./types.js";
import { aborted, unreachable, verifiedConnector, type ClientCertificate, type TransportOptions } from "./transport.js";

export interface StreamRequest<T> {
  /** Path and query, e.g. "/lease/1/1/1/logs?follow=true". */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly clientCertificate?: ClientCertificate;
  readonly signal?: AbortSignal;
  /** Largest frame accepted. */
  readonly maxFrameBytes: number;
  /** Handshake (TLS + upgrade) deadline. */
  readonly timeoutMs: number;
  /** The connection is considered dead after this long without a frame or a ping. */
  readonly idleTimeoutMs: number;
  readonly parse: (frame: unknown) => T;
  /** Turns a non-101 answer to the upgrade into an error (status, body). */
  readonly httpError: (status: number, body: Buffer, url: string) => ProviderError;
}

const HIGH_WATER = 256;

export async function* openStream<T>(t: TransportOptions, req: StreamRequest<T>): AsyncGenerator<T, void, undefined> {
  const url = new URL(req.path, t.baseUrl);
  url.protocol = "wss:";
  const display = url.toString();
  if (req.signal?.aborted) throw aborted(display);
  const { WebSocket } = await import("ws");

  const queue: T[] = [];
  let failure: Error | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const fail = (error: Error): void => {
    if (!failure && !ended) failure = error;
    ended = true;
    notify();
  };

  const ws = new WebSocket(display, {
    headers: { ...req.headers },
    createConnection: verifiedConnector(t, req.clientCertificate ? { clientCertificate: req.clientCertificate } : {}) as never,
    handshakeTimeout: req.timeoutMs,
    maxPayload: req.maxFrameBytes,
    perMessageDeflate: false,
    followRedirects: false,
  });

  let idle: NodeJS.Timeout | undefined;
  const resetIdle = (): void => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      fail(new ProviderError("PROVIDER_TIMEOUT", `provider at ${display} sent nothing (not even a ping) for ${req.idleTimeoutMs / 1000} s`, { url: display }));
      ws.terminate();
    }, req.idleTimeoutMs);
  };
  const onAbort = (): void => {
    fail(aborted(display));
    ws.close(1000);
  };
  req.signal?.addEventListener("abort", onAbort, { once: true });

  ws.on("open", resetIdle);
  ws.on("ping", resetIdle);
  ws.on("unexpected-response", (_request, res: IncomingMessage) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= 64 * 1024) chunks.push(chunk);
    });
    res.on("end", () => {
      fail(req.httpError(res.statusCode ?? 0, Buffer.concat(chunks), display));
      ws.terminate();
    });
    res.on("error", (error) => fail(unreachable(display, error)));
  });
  ws.on("message", (data, isBinary) => {
    resetIdle();
    if (isBinary) {
      fail(new ProviderError("PROVIDER_BAD_RESPONSE", `provider at ${display} sent a binary frame on a text stream`, { url: display }));
      ws.terminate();
      return;
    }
    let frame: unknown;
    try {
      frame = JSON.parse(String(data));
      queue.push(req.parse(frame));
    } catch (error) {
      fail(
        error instanceof ProviderError
          ? error
          : new ProviderError("PROVIDER_BAD_RESPONSE", `provider at ${display} sent a frame that is not JSON`, { url: display }),
      );
      ws.terminate();
      return;
    }
    if (queue.length >= HIGH_WATER) ws.pause();
    notify();
  });
  ws.on("error", (error) => fail(error instanceof ProviderError ? error : unreachable(display, error)));
  ws.on("close", (code, reasonBuffer) => {
    clearTimeout(idle);
    const reason = reasonBuffer.toString("utf8");
    const error = closeError(code, reason, display);
    if (error) fail(error);
    ended = true;
    notify();
  });

  try {
    for (;;) {
      const next = queue.shift();
      if (next !== undefined) {
        if (queue.length < HIGH_WATER / 2 && ws.isPaused) ws.resume();
        yield next;
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    clearTimeout(idle);
    req.signal?.removeEventListener("abort", onAbort);
    if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) {
      if (ws.readyState === WebSocket.OPEN) ws.close(1000);
      else ws.terminate();
    }
  }
}

/**
 * The error a close code means, or undefined for an ordinary end. The gateway ends a finished
 * log stream by dropping the connection without a close frame (1006), so that is an end too.
 */
export function closeError(code: number, reason: string, url: string): ProviderError | undefined {
  const data = { url, closeCode: code, providerMessage: reason || undefined };
  const said = reason ? `: ${quoteProvider(reason)}` : "";
  switch (code) {
    case 1000:
    case 1005:
    case 1006:
      return undefined;
    case 4000:
      return new ProviderError("PROVIDER_STREAM_ERROR", `provider failed to stream${said}`, data);
    case 4001:
      return new ProviderError("LEASE_NOT_FOUND", `provider has no deployment for this lease${said}; was the manifest sent?`, data);
    case 4002:
      return new ProviderError("SERVICE_UNAVAILABLE", `the service is not available on the provider${said}`, data);
    default:
      return new ProviderError("PROVIDER_STREAM_ERROR", `provider closed the stream with code ${code}${said}`, data);
  }
}
