import type { KeyValue as Attribute, DecCoin, HttpOptions } from "./types.js";

/**
 * The SDL after checking: every reference resolved, units converted, defaults applied.
 * Lowering reads only this, never the raw YAML.
 */
export type SdlVersion = "2.0" | "2.1";

export interface ExposeTarget {
  readonly service: string;
  readonly global: boolean;
  readonly ip: string;
}

export interface ExposeModel {
  readonly port: number;
  /** External port, 0 when `as` is not given. */
  readonly as: number;
  readonly proto: "TCP" | "UDP";
  /** `proto` exactly as written ("" when absent): Go's IP port-collision key uses the raw text. */
  readonly protoText: string;
  readonly to: readonly ExposeTarget[];
  readonly accept: readonly string[] | null;
  readonly httpOptions: HttpOptions;
}

export interface StorageMount {
  readonly mount: string;
  readonly readOnly: boolean;
}

export interface ServiceModel {
  readonly name: string;
  readonly image: string;
  readonly command: readonly string[] | null;
  readonly args: readonly string[] | null;
  readonly env: readonly string[] | null;
  readonly expose: readonly ExposeModel[];
  readonly params: {
    readonly storage: ReadonlyMap<string, StorageMount>;
    readonly permissions?: { readonly read: readonly string[] | null };
    readonly tee?: { readonly type: string; readonly attestation: boolean };
  } | null;
  readonly credentials: { readonly host: string; readonly email: string; readonly username: string; readonly password: string } | null;
}

export interface VolumeModel {
  readonly name: string;
  /** Bytes, as a decimal string. */
  readonly size: string;
  /** Sorted by key; empty when the SDL gives none. */
  readonly attributes: readonly Attribute[];
}

export interface ComputeModel {
  readonly name: string;
  /** Millicores, as a decimal string. */
  readonly cpu: string;
  readonly cpuAttributes: readonly Attribute[];
  /** Bytes, as a decimal string. */
  readonly memory: string;
  readonly storage: readonly VolumeModel[];
  readonly gpu: string;
  readonly gpuAttributes: readonly Attribute[];
}

export interface PlacementModel {
  readonly name: string;
  readonly attributes: readonly Attribute[];
  readonly signedBy: { readonly allOf: readonly string[] | null; readonly anyOf: readonly string[] | null };
  readonly pricing: ReadonlyMap<string, DecCoin>;
}

export interface ServiceDeployment {
  readonly profile: string;
  readonly count: number;
}

export interface SdlModel {
  readonly version: SdlVersion;
  readonly services: ReadonlyMap<string, ServiceModel>;
  readonly compute: ReadonlyMap<string, ComputeModel>;
  readonly placement: ReadonlyMap<string, PlacementModel>;
  /** service name → placement name → deployment */
  readonly deployment: ReadonlyMap<string, ReadonlyMap<string, ServiceDeployment>>;
  readonly endpoints: ReadonlyMap<string, { readonly kind: string }>;
  readonly reclamation?: { readonly minWindow: string };
}
