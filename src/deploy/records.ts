/**
 * The local record of each deploy: which deployment, which leases at which providers, how far it
 * got. Written before each step that changes the chain (so a crash or Ctrl-C leaves enough behind
 * to `--resume` or close), one private JSON file per deployment:
 * `<dir>/<chain-id>/<owner>/<dseq>.json`.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { ensurePrivateDir, writePrivateFile } from "../files/private-file.js";

export const RECORD_VERSION = 1;

export type DeployStep =
  /** The create transaction is about to be sent (the dseq is reserved). */
  | "creating"
  | "created"
  | "leasing"
  | "leased"
  | "manifest-sent"
  | "ready"
  | "closed";

export interface LeaseRecord {
  readonly gseq: number;
  readonly oseq: number;
  readonly provider: string;
  readonly hostUri: string;
  /** uact per block. */
  readonly pricePerBlock: string;
}

export interface DeployRecord {
  readonly version: number;
  readonly chainId: string;
  readonly owner: string;
  readonly dseq: string;
  /** The SDL file as given, and the manifest version (hash) it compiled to. */
  readonly sdlFile: string;
  readonly manifestVersion: string;
  readonly groupNames: readonly string[];
  readonly deposit: { readonly denom: string; readonly amount: string };
  readonly step: DeployStep;
  readonly leases: readonly LeaseRecord[];
  readonly txs: Readonly<Record<string, string>>;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Why the deploy stopped, when it did not finish. */
  readonly failure?: { readonly code: string; readonly message: string };
  /** uact returned from escrow when the deployment was closed. */
  readonly refund?: { readonly denom: string; readonly amount: string };
}

export interface DeployRecordStore {
  save(record: DeployRecord): Promise<void>;
  load(chainId: string, owner: string, dseq: string): Promise<DeployRecord | null>;
  list(chainId: string, owner: string): Promise<DeployRecord[]>;
}

const safeSegment = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, "_");

export class FileDeployRecordStore implements DeployRecordStore {
  constructor(private readonly dir: string) {}

  private folder(chainId: string, owner: string): string {
    return join(this.dir, safeSegment(chainId), safeSegment(owner));
  }

  async save(record: DeployRecord): Promise<void> {
    const folder = this.folder(record.chainId, record.owner);
    await ensurePrivateDir(this.dir);
    await ensurePrivateDir(join(this.dir, safeSegment(record.chainId)));
    await ensurePrivateDir(folder);
    await writePrivateFile(join(folder, `${safeSegment(record.dseq)}.json`), `${JSON.stringify(record, null, 2)}\n`);
  }

  async load(chainId: string, owner: string, dseq: string): Promise<DeployRecord | null> {
    try {
      const text = await readFile(join(this.folder(chainId, owner), `${safeSegment(dseq)}.json`), "utf8");
      return JSON.parse(text) as DeployRecord;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async list(chainId: string, owner: string): Promise<DeployRecord[]> {
    let names: string[];
    try {
      names = await readdir(this.folder(chainId, owner));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const records: DeployRecord[] = [];
    for (const name of names.filter((n) => n.endsWith(".json"))) {
      try {
        records.push(JSON.parse(await readFile(join(this.folder(chainId, owner), name), "utf8")) as DeployRecord);
      } catch {
        // a damaged record is skipped, not fatal: the chain still knows the deployment
      }
    }
    return records.sort((a, b) => (BigInt(a.dseq) < BigInt(b.dseq) ? -1 : 1));
  }
}
