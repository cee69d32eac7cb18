/**
 * A stand-in for a provider gateway, for unit tests only: a real HTTPS + websocket server on
 * 127.0.0.1 (TLS 1.3, a self-signed certificate made by openssl) whose answers each test scripts.
 * It fakes the provider's behaviour (status codes, bodies, frames, close codes as protocol.md §4.2
 * and the provider's router.go describe); the real provider is exercised in test/e2e/provider.
 * It records every request with its Authorization header and body.
 */
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import type { OnChainCertificate, ProviderCertificates } from "../../src/provider/tls.js";
import type { TestCert } from "./certs.js";

export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: Buffer;
}

export type HttpHandler = (req: Recorded, res: ServerResponse) => void;
export type WsHandler = (req: Recorded, ws: WebSocket) => void;

export class GatewayStub {
  readonly requests: Recorded[] = [];
  http: HttpHandler = (_req, res) => {
    res.statusCode = 404;
    res.end();
  };
  ws: WsHandler = (_req, ws) => ws.close(4001);
  private readonly server: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  url = "";

  constructor(cert: TestCert) {
    this.server = createServer({ cert: cert.certPem, key: cert.keyPem, minVersion: "TLSv1.3" }, (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const rec = { method: req.method ?? "", path: req.url ?? "", authorization: req.headers.authorization, body: Buffer.concat(chunks) };
        this.requests.push(rec);
        this.http(rec, res);
      });
    });
    this.server.on("upgrade", (req: IncomingMessage, socket, head) => {
      const rec = { method: "WS", path: req.url ?? "", authorization: req.headers.authorization, body: Buffer.alloc(0) };
      this.requests.push(rec);
      this.wss.handleUpgrade(req, socket, head, (ws) => this.ws(rec, ws));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The provider's certificate "on chain": an in-memory list for unit tests. */
export function chainWith(owner: string, serial: string, certPem: string, state = "valid"): ProviderCertificates {
  const list: (OnChainCertificate & { owner: string })[] = [{ owner, serial, state, certPem }];
  return { certificates: async (f) => list.filter((c) => c.owner === f.owner && (f.serial === undefined || c.serial === f.serial)) };
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json");
  res.end(JSON.stringify(body));
}

/** What Go's http.Error writes: text/plain, the message and a newline. */
export function text(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.end(`${message}\n`);
}
