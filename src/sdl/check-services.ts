import { asArray, asObject, type CheckContext, type Json, type PathTokens } from "./check-context.js";
import type { ExposeModel, ExposeTarget, ServiceModel, StorageMount } from "./model.js";
import type { HttpOptions } from "./types.js";

export const HTTP_DEFAULTS = {
  maxBodySize: 1_048_576,
  readTimeout: 60_000,
  sendTimeout: 60_000,
  nextTries: 3,
  nextCases: ["error", "timeout"],
} as const;

export const HTTP_LIMITS = { maxBodySize: 104_857_600, readTimeout: 60_000, sendTimeout: 60_000, proxyBufferSize: 1_048_576 } as const;

const NEXT_CASES = new Set(["error", "timeout", "500", "502", "503", "504", "403", "404", "429", "off"]);
const SERVICE_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function isDnsSubdomain(host: string): boolean {
  return host.length <= 253 && host.split(".").every((label) => label.length <= 63 && DNS_LABEL.test(label));
}

function strings(ctx: CheckContext, raw: Json | undefined, path: PathTokens): string[] | null {
  const items = asArray(raw);
  if (!items) return null;
  // yaml.v3 skips a null item of a string list (it cannot be a string), so `- ~` is dropped.
  const result: string[] = [];
  items.forEach((item, index) => {
    if (item !== null) result.push(ctx.text([...path, index], item) ?? "");
  });
  return result;
}

function uint(value: Json | undefined): number {
  // yaml.v3 decodes a float into an integer field by dropping the fraction.
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.trunc(value) : 0;
}

function goBool(value: Json | undefined): boolean {
  if (value === true) return true;
  if (typeof value === "string") return ["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"].includes(value);
  return false;
}

function httpOptions(ctx: CheckContext, raw: Json | undefined, path: PathTokens): HttpOptions {
  const options = asObject(raw) ?? {};
  const pick = (field: keyof typeof HTTP_LIMITS, yamlKey: string, fallback: number): number => {
    const value = uint(options[yamlKey]);
    if (value > HTTP_LIMITS[field]) ctx.report("SDL3027", { field: yamlKey, value, limit: HTTP_LIMITS[field] }, [...path, yamlKey]);
    return value === 0 ? fallback : value;
  };
  const maxBodySize = pick("maxBodySize", "max_body_size", HTTP_DEFAULTS.maxBodySize);
  const readTimeout = pick("readTimeout", "read_timeout", HTTP_DEFAULTS.readTimeout);
  const sendTimeout = pick("sendTimeout", "send_timeout", HTTP_DEFAULTS.sendTimeout);
  const proxyBufferSize = pick("proxyBufferSize", "proxy_buffer_size", 0);
  const nextTries = uint(options.next_tries) || HTTP_DEFAULTS.nextTries;
  const nextTimeout = uint(options.next_timeout);
  let nextCases: string[] = strings(ctx, options.next_cases, [...path, "next_cases"]) ?? [];
  nextCases.forEach((value, index) => {
    if (!NEXT_CASES.has(value)) {
      ctx.report("SDL3020", { what: "next case", value, reason: `use ${[...NEXT_CASES].join(", ")}` }, [...path, "next_cases", index]);
    }
  });
  if (nextCases.includes("off") && nextCases.length !== 1) ctx.report("SDL3028", {}, [...path, "next_cases"]);
  if (nextCases.length === 0) nextCases = [...HTTP_DEFAULTS.nextCases];
  return {
    maxBodySize,
    readTimeout,
    sendTimeout,
    nextTries,
    nextTimeout,
    nextCases,
    ...(proxyBufferSize > 0 ? { proxyBufferSize } : {}),
  } as HttpOptions;
}

function checkExpose(ctx: CheckContext, raw: Json, path: PathTokens): ExposeModel | undefined {
  const expose = asObject(raw);
  if (!expose) return undefined;
  const written = ctx.text([...path, "proto"], expose.proto) ?? "";
  const protoText = written.toUpperCase();
  const proto = protoText === "UDP" ? "UDP" : "TCP";
  if (protoText !== "" && protoText !== "TCP" && protoText !== "UDP") {
    ctx.report("SDL3020", { what: "protocol", value: written, reason: "use tcp or udp" }, [...path, "proto"]);
  }
  const to: ExposeTarget[] = (asArray(expose.to) ?? []).map((entry, index) => {
    const target = asObject(entry) ?? {};
    return {
      service: ctx.text([...path, "to", index, "service"], target.service) ?? "",
      global: goBool(target.global),
      ip: ctx.text([...path, "to", index, "ip"], target.ip) ?? "",
    };
  });
  const accept = strings(ctx, expose.accept, [...path, "accept"]);
  return {
    port: uint(expose.port),
    as: uint(expose.as),
    proto,
    protoText: written,
    to,
    accept,
    httpOptions: httpOptions(ctx, expose.http_options, [...path, "http_options"]),
  };
}

/** `tee: cpu` (SDL 2.1 short form) or `tee: {type: tdx, attestation: false}` (newer object form). */
function teeOf(ctx: CheckContext, raw: Json | undefined, path: PathTokens): { type: string; attestation: boolean } | undefined {
  const object = asObject(raw);
  if (object) {
    const type = ctx.text([...path, "type"], object.type) ?? "";
    return type ? { type, attestation: object.attestation === undefined || object.attestation === null ? true : goBool(object.attestation) } : undefined;
  }
  const type = ctx.text(path, raw);
  return type ? { type, attestation: true } : undefined;
}

export function checkService(ctx: CheckContext, name: string, raw: Json | undefined): ServiceModel | undefined {
  const path: PathTokens = ["services", name];
  const service = asObject(raw);
  if (!service) return undefined;
  if (!SERVICE_NAME.test(name)) ctx.report("SDL3036", { service: name }, path, { onKey: true });

  const env = strings(ctx, service.env, [...path, "env"]);
  env?.forEach((entry, index) => {
    const variable = entry.split("=", 1)[0] ?? "";
    if (!ENV_NAME.test(variable) || variable === "." || variable === ".." || variable.startsWith("..")) {
      ctx.report("SDL3035", { name: variable }, [...path, "env", index], { hint: "write NAME=value; names use letters, digits, `_`, `-` and `.`" });
    }
  });

  const expose: ExposeModel[] = [];
  (asArray(service.expose) ?? []).forEach((entry, index) => {
    const model = checkExpose(ctx, entry, [...path, "expose", index]);
    if (model) expose.push(model);
  });

  let params: ServiceModel["params"] = null;
  const rawParams = asObject(service.params);
  if (rawParams) {
    const storage = new Map<string, StorageMount>();
    for (const [volume, rawMount] of Object.entries(asObject(rawParams.storage) ?? {})) {
      const mount = asObject(rawMount) ?? {};
      storage.set(volume, {
        mount: ctx.text([...path, "params", "storage", volume, "mount"], mount.mount) ?? "",
        readOnly: goBool(mount.readOnly),
      });
    }
    const permissions = asObject(rawParams.permissions);
    const tee = teeOf(ctx, rawParams.tee, [...path, "params", "tee"]);
    params = {
      storage,
      ...(permissions ? { permissions: { read: strings(ctx, permissions.read, [...path, "params", "permissions", "read"]) } } : {}),
      ...(tee ? { tee } : {}),
    };
  }

  let credentials: ServiceModel["credentials"] = null;
  const rawCredentials = asObject(service.credentials);
  if (rawCredentials) {
    const field = (key: string): string => ctx.text([...path, "credentials", key], rawCredentials[key]) ?? "";
    credentials = { host: field("host"), email: field("email"), username: field("username"), password: field("password") };
  }

  return {
    name,
    image: ctx.text([...path, "image"], service.image) ?? "",
    command: strings(ctx, service.command, [...path, "command"]),
    args: strings(ctx, service.args, [...path, "args"]),
    env,
    expose,
    params,
    credentials,
  };
}
