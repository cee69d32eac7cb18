/** Readiness probes of a localnet's endpoints: small bounded GETs that never throw. */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { parseStatus } from "../config/endpoints.js";

const MAX_BODY = 256 * 1024;

export interface ProbeResult {
  readonly ok: boolean;
  readonly status?: number;
  readonly body?: string;
  readonly error?: string;
}

/**
 * GET `url`. For https, the certificate is not verified: this only asks whether our own local
 * provider gateway answers, sends no credentials, and trusts nothing it returns.
 */
export function probe(url: string, timeoutMs = 2_000): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const request = (target.protocol === "https:" ? httpsRequest : httpRequest)(
      target,
      { method: "GET", timeout: timeoutMs, ...(target.protocol === "https:" ? { rejectUnauthorized: false } : {}) },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_BODY) chunks.push(chunk);
          else response.destroy();
        });
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          resolve({ ok: status >= 200 && status < 300, status, body: Buffer.concat(chunks).toString("utf8") });
        });
        response.on("error", (error) => resolve({ ok: false, error: error.message }));
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on("error", (error) => resolve({ ok: false, error: error.message }));
    request.end();
  });
}

/** The node's latest block height from CometBFT `/status`, or null when it does not answer. */
export async function latestHeight(rpc: string): Promise<bigint | null> {
  const result = await probe(`${rpc}/status`);
  if (!result.ok || result.body === undefined) return null;
  const status = parseStatus(result.body);
  return typeof status === "string" ? null : BigInt(status.height);
}
