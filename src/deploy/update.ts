/**
 * `akash deploy update`: a running deployment to a new SDL. The chain only takes a new manifest
 * hash (images, commands, env may change; groups and resources may not), so the change is checked
 * first and refused with the reason; then the new hash goes on chain and the new manifest to every
 * provider with an active lease, and the services are awaited.
 */
import type { GroupSpec } from "../sdl/types.js";
import type { CompiledDeployment } from "./deploy.js";
import { DeployError } from "./errors.js";
import { activeLeases, sendManifests, waitUntilReady, type StepDeps } from "./steps.js";

export interface UpdateDeps extends StepDeps {
  /** Sentences describing what differs between the groups on chain and the new SDL's. */
  readonly groupChanges: (onChain: readonly GroupSpec[]) => string[];
}

export interface UpdateResult {
  readonly dseq: string;
  readonly version: string;
  readonly txHash: string | null;
  readonly providers: readonly string[];
}

export async function updateDeployment(compiled: CompiledDeployment, dseq: bigint, waitTimeoutMs: number, deps: UpdateDeps): Promise<UpdateResult> {
  const owner = await deps.chain.address();
  const deployment = await deps.chain.deployment({ owner, dseq });
  if (!deployment) throw new DeployError("UPDATE_NOT_POSSIBLE", `no deployment ${dseq} for ${owner}`, { dseq: dseq.toString() });
  if (deployment.state !== "active") throw new DeployError("UPDATE_NOT_POSSIBLE", `deployment ${dseq} is ${deployment.state}; deploy the SDL anew`, { dseq: dseq.toString() });
  const changes = deps.groupChanges(deployment.groups.map((g) => g.spec));
  if (changes.length > 0) {
    throw new DeployError(
      "UPDATE_NOT_POSSIBLE",
      `the chain cannot take this as an update of deployment ${dseq}:\n${changes.map((c) => `  ${c}`).join("\n")}\nredeploy instead: akash deploy ${compiled.sdlFile} (then akash deploy close ${dseq})`,
      { dseq: dseq.toString(), changes },
    );
  }
  let txHash: string | null = null;
  if (deployment.version !== compiled.version) {
    const result = await deps.chain.updateDeployment({ dseq, version: compiled.version });
    txHash = result.txHash;
    deps.report({ type: "updated", dseq: dseq.toString(), txHash, version: compiled.version });
  }
  const leases = await Promise.all(
    activeLeases(await deps.chain.leases({ owner, dseq })).map(async (l) => ({
      gseq: l.id.gseq,
      oseq: l.id.oseq,
      provider: l.id.provider,
      hostUri: (await deps.chain.provider(l.id.provider))?.hostUri ?? "",
    })),
  );
  await sendManifests(deps, dseq, compiled.manifestJson, leases);
  await waitUntilReady(deps, dseq, leases, waitTimeoutMs);
  return { dseq: dseq.toString(), version: compiled.version, txHash, providers: [...new Set(leases.map((l) => l.provider))] };
}
