import type { Severity } from "./diagnostics.js";

interface MessageEntry {
  readonly severity: Severity;
  readonly template: string;
}

/**
 * Every SDL diagnostic, by stable code. Bands: SDL1xxx input and YAML syntax, SDL2xxx schema
 * shape, SDL3xxx semantic rules of the Go reference (pkg.akt.dev/go/sdl), SDL4xxx warnings.
 * Codes are part of the JSON output contract: never renumber, only add.
 */
export const MESSAGES = {
  SDL1001: { severity: "error", template: "YAML syntax error: {detail}" },
  SDL1002: { severity: "error", template: "file is {size} bytes; the limit is {limit} bytes" },
  SDL1003: { severity: "error", template: "document expands to more than {limit} nodes (aliases referencing aliases?)" },
  SDL1004: { severity: "error", template: "document nests deeper than {limit} levels" },
  SDL1005: { severity: "error", template: "the document must be a mapping with a `version` key, found {found}" },
  SDL1006: { severity: "error", template: "expected one YAML document, found {count}" },
  SDL1007: { severity: "error", template: "mapping keys must be plain scalars" },
  SDL1008: { severity: "error", template: "unknown alias *{name}" },
  SDL1009: { severity: "error", template: "the file contains {character}, which Go's YAML parser (used by providers) reads as a line break and YAML 1.2 does not; the two would read this file differently" },

  SDL2001: { severity: "error", template: "unknown key `{key}`" },
  SDL2002: { severity: "error", template: "missing required key `{key}`" },
  SDL2003: { severity: "error", template: "expected {expected}, found {found}" },
  SDL2004: { severity: "error", template: "must be one of {allowed}, found {found}" },
  SDL2005: { severity: "error", template: "{value} does not match the expected format ({format})" },
  SDL2006: { severity: "error", template: "must be {comparison} {limit}, found {found}" },
  SDL2007: { severity: "error", template: "{detail}" },
  SDL2008: { severity: "error", template: "unsupported SDL version {found}; supported versions are \"2.0\" and \"2.1\"" },

  SDL3001: { severity: "error", template: "deployment `{service}` uses compute profile `{profile}`, which is not defined in profiles.compute" },
  SDL3002: { severity: "error", template: "deployment `{service}` uses placement `{placement}`, which is not defined in profiles.placement" },
  SDL3003: { severity: "error", template: "placement `{placement}` has no price for compute profile `{profile}`" },
  SDL3004: { severity: "error", template: "deployment `{service}` has no matching service in `services`" },
  SDL3005: { severity: "warning", template: "service `{service}` is not deployed: it has no entry in `deployment`" },
  SDL3006: { severity: "warning", template: "expose of service `{service}` points to unknown service `{target}`" },
  SDL3007: { severity: "error", template: "IP endpoint `{endpoint}` is used without `global: true`" },
  SDL3008: { severity: "error", template: "IP endpoint `{endpoint}` is not declared in `endpoints`" },
  SDL3009: { severity: "error", template: "endpoint `{endpoint}` is declared but never used" },
  SDL3010: { severity: "error", template: "endpoint name `{endpoint}` is invalid: use lowercase letters, digits, `-` and `_`, starting with a letter, at least two characters" },
  SDL3011: { severity: "error", template: "endpoint `{endpoint}` has kind {kind}; the only kind is \"ip\"" },
  SDL3012: { severity: "error", template: "IP endpoint `{endpoint}` already carries external port {as}{proto} (from `{other}`); `{service}` uses it again" },
  SDL3013: { severity: "error", template: "service `{service}` mounts volume `{volume}`, which compute profile `{profile}` does not define" },
  SDL3014: { severity: "error", template: "mount `{mount}` must be an absolute path" },
  SDL3015: { severity: "error", template: "mount `{mount}` is used by both volume `{other}` and volume `{volume}`" },
  SDL3016: { severity: "error", template: "persistent volume `{volume}` of profile `{profile}` needs a mount in services.{service}.params.storage.{volume}" },
  SDL3017: { severity: "error", template: "volume `{volume}` has class `ram`, which cannot be persistent" },
  SDL3018: { severity: "error", template: "persistent volume `{volume}` needs a storage `class` (beta1, beta2 or beta3)" },
  SDL3019: { severity: "error", template: "volume `{volume}` of class `ram` must be mounted read-write" },
  SDL3020: { severity: "error", template: "{what} `{value}` is not valid: {reason}" },
  SDL3021: { severity: "error", template: "GPU units is {units} but no GPU attributes are given: say which vendor (and model) you need" },
  SDL3022: { severity: "error", template: "GPU attributes are given but units is 0" },
  SDL3023: { severity: "error", template: "registry credentials for service `{service}` are missing `{field}`" },
  SDL3024: { severity: "error", template: "TEE type `{tee}` needs a GPU in the compute profile `{profile}`" },
  SDL3025: { severity: "error", template: "placement `{placement}` mixes TEE types `{first}` and `{second}`" },
  SDL3026: { severity: "error", template: "reclamation window `{value}` is not valid: {reason}" },
  SDL3027: { severity: "error", template: "http_options.{field} is {value}; the maximum is {limit}" },
  SDL3028: { severity: "error", template: "next_cases may not combine `off` with other cases" },
  SDL3029: { severity: "error", template: "volume name `{volume}` is used twice in compute profile `{profile}`" },
  SDL3030: { severity: "error", template: "compute profile `{profile}` has {count} unnamed storage volumes; name them" },
  SDL3031: { severity: "error", template: "`{field}` is only supported from SDL version 2.1" },
  SDL3032: { severity: "error", template: "{what} is out of range: {reason}" },
  SDL3033: { severity: "error", template: "placement `{placement}` prices profiles in several denominations ({denoms}); a deployment has one escrow denomination" },
  SDL3034: { severity: "error", template: "hostname `{host}` is not a valid DNS name" },
  SDL3035: { severity: "error", template: "environment variable `{name}` has an invalid name" },
  SDL3036: { severity: "error", template: "service name `{service}` is invalid: use lowercase letters, digits and `-`, starting with a letter" },
  SDL3037: { severity: "error", template: "hostname `{host}` is accepted by more than one expose" },
  SDL3038: { severity: "error", template: "deployment group `{service}` runs nothing: every service in it has count 0" },
  SDL3039: { severity: "error", template: "volume `{volume}` is not persistent, so it cannot have a storage class other than `ram`" },
  SDL3040: { severity: "error", template: "no service is exposed globally (`to: [{global: true}]`); the deployment would be unreachable" },
  SDL3041: { severity: "error", template: "`deployment` is empty: deploy at least one service to a placement" },
  SDL3043: { severity: "error", template: "service `{service}` has no image" },
  SDL3042: { severity: "error", template: "the deployment group `{placement}` totals {what} {value}, above the chain's limit of {limit}" },

  SDL4001: { severity: "warning", template: "image `{image}` {problem}: deployments are not reproducible and providers may serve a stale copy" },
  SDL4002: { severity: "warning", template: "placement `{placement}` prices `{profile}` in {denom}; since the BME upgrade new deployments must be priced and funded in uact" },
  SDL4003: { severity: "warning", template: "service `{service}` exposes no port: nothing can reach it" },
  SDL4006: { severity: "warning", template: "only the first YAML document is read; the {count} after it are ignored" },
  SDL4015: { severity: "warning", template: "denomination `{denom}` is not one the chain prices deployments in (uact; uakt or IBC USDC before the BME upgrade): the chain will refuse the deployment" },
  SDL4016: { severity: "warning", template: "persistent volume `{volume}` of profile `{profile}` is not mounted by service `{service}`: it is allocated and paid for, but the service cannot use it" },
  SDL4017: { severity: "warning", template: "service `{service}` is deployed with count 0: no instance of it will run" },
  SDL4010: { severity: "warning", template: "unknown key `{key}` is ignored" },
  SDL4011: { severity: "warning", template: "empty value where {expected} belongs" },
  SDL4012: { severity: "warning", template: "expected {expected}, found {found}; it is read as {value}" },
  SDL4013: { severity: "warning", template: "missing key `{key}`: it is read as empty" },
  SDL4014: { severity: "warning", template: "{detail}; the chain and providers accept it as written" },
  SDL4005: { severity: "warning", template: "version {found} is read as \"{version}\"; write it that way, as other tools expect it" },
} as const satisfies Record<string, MessageEntry>;

export type DiagnosticCode = keyof typeof MESSAGES;
