import { randomBytes } from "node:crypto";
import * as nodeFs from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Files only the user may read (the keystore, the config): a 0700 folder, 0600 files, written
 * atomically (temp file, fsync, rename, fsync of the folder) so a crash leaves the old file or the
 * new one, never half of either. Callers turn the raw errno failures into their own typed errors.
 */
export type PrivateFs = Pick<typeof nodeFs, "open" | "rename" | "rm" | "mkdir">;

const isPosix = process.platform !== "win32";

/** Where a write failed, for the caller's error message. */
export class PrivateFileError extends Error {
  constructor(
    readonly action: "create" | "write",
    readonly path: string,
    readonly errno: string | undefined,
    options: { cause: unknown },
  ) {
    super(`cannot ${action} ${path}: ${errno ?? (options.cause instanceof Error ? options.cause.message : String(options.cause))}`, options);
  }
}

export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

export async function ensurePrivateDir(dir: string, fs: PrivateFs = nodeFs): Promise<void> {
  try {
    await fs.mkdir(dirname(dir), { recursive: true });
    await fs.mkdir(dir, { mode: 0o700 });
  } catch (error) {
    if (errnoCode(error) === "EEXIST") return;
    throw new PrivateFileError("create", dir, errnoCode(error), { cause: error });
  }
}

export async function writePrivateFile(path: string, text: string, fs: PrivateFs = nodeFs): Promise<void> {
  const dir = dirname(path);
  await ensurePrivateDir(dir, fs);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const handle = await fs.open(temp, "wx", 0o600);
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw new PrivateFileError("write", path, errnoCode(error), { cause: error });
  }
  await syncDir(dir, fs);
}

/** Makes the rename itself durable; best effort (not every platform can open a folder). */
async function syncDir(dir: string, fs: PrivateFs): Promise<void> {
  if (!isPosix) return;
  try {
    const handle = await fs.open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The data is already on disk under its final name on every filesystem we know of.
  }
}
