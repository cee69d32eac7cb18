/** The Cosmos adapter for `ChainClient` (today's Akash chain, node v2.x). */
export { CosmosChainClient, type CosmosClientOptions } from "./client.js";
export { AbciError, type AbciQuery, type BroadcastResult, type CosmosTransport, type IncludedTx, type NodeStatus } from "./transport.js";
export { TENANT_MESSAGES, TYPE_URL, akashRegistry, type TenantMessageName } from "./registry.js";
export { translateAbciFailure, isSequenceMismatch, parseSequenceMismatch, TRANSLATED_FAILURES, type AbciFailure, type FailureContext } from "./errors.js";
export { DEFAULT_GAS_ADJUSTMENT, DEFAULT_GAS_PRICE, FALLBACK_GAS, FEE_DENOM, adjustGas, feeForGas, parseGasPrice, planFee, type FeePlan, type GasPrice } from "./fees.js";
export { generateOnly, signTx, simulationTxBytes, txHash, type SignedTx, type SignerData, type TxPlan } from "./tx.js";
export { unsignedTxJson, messageJson } from "./json.js";
export { intentMessage } from "./intents.js";
export { ACT_DENOM, AKT_DENOM, createDeploymentMsg, updateDeploymentMsg, closeDeploymentMsg, groupMsg } from "./modules/deployment/messages.js";
export { createLeaseMsg, closeLeaseMsg } from "./modules/market/messages.js";
export { depositMsg, deploymentEscrowXid } from "./modules/escrow/messages.js";
export { mintActMsg, burnActMsg } from "./modules/bme/messages.js";
export { toProtoGroupSpec, fromProtoGroupSpec } from "./modules/deployment/groupspec.js";
