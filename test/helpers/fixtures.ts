import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
interface TestContext {
  skip(message?: string): void;
}

function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("package.json not found above the test file");
    dir = parent;
  }
  return dir;
}

export const REPO_ROOT = findRepoRoot();
export const VECTORS_DIR = resolve(REPO_ROOT, "..", "shared", "conformance", "sdl");
export const EXAMPLES_DIR = join(REPO_ROOT, "examples");

/**
 * The Go conformance vectors live beside the clone, never in it. In CI their absence is a
 * failure; on a developer machine without them the vector tests are skipped.
 */
export function requireVectors(t: TestContext): boolean {
  if (existsSync(VECTORS_DIR)) return true;
  if (process.env.CI) throw new Error(`conformance vectors missing at ${VECTORS_DIR}`);
  t.skip(`conformance vectors not found at ${VECTORS_DIR}`);
  return false;
}

export interface ValidVector {
  readonly name: string;
  readonly input: string;
  readonly groupSpecs: unknown;
  readonly manifest: unknown;
}

export function validVectors(): ValidVector[] {
  if (!existsSync(VECTORS_DIR)) return [];
  const vectors: ValidVector[] = [];
  for (const version of ["v2.0", "v2.1"]) {
    const dir = join(VECTORS_DIR, "input", version);
    for (const name of readdirSync(dir).sort()) {
      const out = join(VECTORS_DIR, "output-fixtures", version, name);
      vectors.push({
        name: `${version}/${name}`,
        input: join(dir, name, "input.yaml"),
        groupSpecs: JSON.parse(readFileSync(join(out, "group-specs.json"), "utf8")),
        manifest: JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")),
      });
    }
  }
  return vectors;
}

export function invalidVectors(kind: "invalid" | "schema-only-invalid"): string[] {
  const dir = join(VECTORS_DIR, "input", kind);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => join(dir, f));
}

export function exampleFiles(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => join(EXAMPLES_DIR, f));
}
