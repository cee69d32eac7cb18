/**
 * A bid policy file (`akash deploy --policy bids.yaml`): the same rules as the flags, kept with the
 * SDL in a repository so CI picks bids the same way every time.
 *
 *   select: cheapest            # or provider: akash1…
 *   max-price: 1000uact         # per block; or 0.001act
 *   attributes:                 # every pair required (the provider's own or audited)
 *     region: us-west
 *   audited-by: [akash1…]       # at least one
 *   allow: [akash1…]            # only these providers
 *   deny: [akash1…]             # never these
 *   require-reachable: true     # skip providers whose gateway does not answer (default)
 *
 * Errors name the file, line and column.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { parsePricePerBlock } from "../chain/amount.js";
import { InputError } from "../errors.js";
import type { BidRules } from "./offers.js";

const KEYS = ["select", "max-price", "attributes", "audited-by", "allow", "deny", "require-reachable"] as const;
const ADDRESS = /^akash1[02-9ac-hj-np-z]{38,58}$/;

export function parseBidPolicy(text: string, file: string): BidRules {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (node: Node | null | undefined): string => {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = lines.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const fail = (node: Node | null | undefined, message: string): never => {
    throw new InputError("INVALID_POLICY", `${at(node)}: ${message}`, { file, position: at(node) });
  };
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    const { line, col } = lines.linePos(error.pos[0]);
    throw new InputError("INVALID_POLICY", `${file}:${line}:${col}: ${error.message.split("\n")[0]}`, { file });
  }
  const root = doc.contents;
  if (root === null || root === undefined) return {};
  if (!isMap(root)) return fail(root, "a bid policy is a mapping of rules (select, max-price, attributes, audited-by, allow, deny)");
  const rules: { -readonly [K in keyof BidRules]: BidRules[K] } = {};
  const scalarText = (node: unknown, what: string): string => {
    if (!isScalar(node) || (typeof node.value !== "string" && typeof node.value !== "number")) return fail(node as Node, `${what} must be a single value`);
    return String(node.value);
  };
  const addresses = (node: unknown, what: string): string[] => {
    if (!isSeq(node)) return fail(node as Node, `${what} must be a list of provider addresses`);
    return node.items.map((item) => {
      const value = scalarText(item, what);
      if (!ADDRESS.test(value)) fail(item as Node, `${what}: "${value.slice(0, 80)}" is not an akash1… address`);
      return value;
    });
  };
  for (const pair of root.items) {
    const keyNode = pair.key as Node;
    const key = isScalar(keyNode) ? String(keyNode.value) : "";
    const value = pair.value;
    switch (key) {
      case "select": {
        if (isMap(value) && value.items.length === 1 && isScalar(value.items[0]!.key) && String((value.items[0]!.key as { value: unknown }).value) === "provider") {
          const address = scalarText(value.items[0]!.value, "select.provider");
          if (!ADDRESS.test(address)) fail(value.items[0]!.value as Node, `select.provider: "${address.slice(0, 80)}" is not an akash1… address`);
          rules.select = { kind: "provider", address };
        } else {
          const text = scalarText(value, "select");
          if (text === "cheapest") rules.select = { kind: "cheapest" };
          else if (text.startsWith("provider=")) rules.select = { kind: "provider", address: text.slice("provider=".length) };
          else fail(value as Node, `select: "${text.slice(0, 80)}" is not cheapest or provider=akash1…`);
        }
        break;
      }
      case "max-price": {
        const text = scalarText(value, "max-price");
        try {
          rules.maxPriceAtomics = parsePricePerBlock(text, "max-price");
          rules.maxPriceText = text;
        } catch (error) {
          fail(value as Node, (error as Error).message);
        }
        break;
      }
      case "attributes": {
        if (isMap(value)) {
          rules.attributes = value.items.map((item) => ({ key: scalarText(item.key, "attributes key"), value: scalarText(item.value, "attributes value") }));
        } else if (isSeq(value)) {
          rules.attributes = value.items.map((item) => {
            const text = scalarText(item, "attributes");
            const eq = text.indexOf("=");
            if (eq <= 0) fail(item as Node, `attributes: "${text.slice(0, 80)}" is not key=value`);
            return { key: text.slice(0, eq), value: text.slice(eq + 1) };
          });
        } else fail(value as Node, "attributes must be a mapping (region: us-west) or a list of key=value");
        break;
      }
      case "audited-by":
        rules.auditedBy = addresses(value, "audited-by");
        break;
      case "allow":
        rules.allow = addresses(value, "allow");
        break;
      case "deny":
        rules.deny = addresses(value, "deny");
        break;
      case "require-reachable": {
        if (!isScalar(value) || typeof value.value !== "boolean") fail(value as Node, "require-reachable must be true or false");
        rules.requireReachable = (value as { value: boolean }).value;
        break;
      }
      default:
        fail(keyNode, `unknown rule "${key.slice(0, 80)}"; the rules are ${KEYS.join(", ")}`);
    }
  }
  return rules;
}

/** Flags win over the policy file, rule by rule; lists from both are combined. */
export function mergeRules(policy: BidRules, flags: BidRules): BidRules {
  return {
    ...policy,
    ...Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)),
    attributes: [...(policy.attributes ?? []), ...(flags.attributes ?? [])],
    auditedBy: [...(policy.auditedBy ?? []), ...(flags.auditedBy ?? [])],
    allow: [...(policy.allow ?? []), ...(flags.allow ?? [])],
    deny: [...(policy.deny ?? []), ...(flags.deny ?? [])],
  };
}
