/**
 * Output shapes, field for field as Go's encoding/json prints the chain's and provider's types
 * (deployment v1beta4 GroupSpec, manifest v2beta3 Group). Key order follows Go's struct order so
 * pretty-printed output reads like the reference; hashing sorts keys anyway.
 */

/** Go's attribute: both fields are `omitempty`, so an empty value is left out of the JSON. */
export interface Attribute {
  readonly key?: string;
  readonly value?: string;
}

/** An attribute while checking, before lowering drops empty fields. */
export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

export interface ResourceValue {
  /** A decimal integer as a string: millicores, bytes or a GPU count. */
  readonly val: string;
}

export const EndpointKind = { SHARED_HTTP: 0, RANDOM_PORT: 1, LEASED_IP: 2 } as const;
export type EndpointKindValue = (typeof EndpointKind)[keyof typeof EndpointKind];

/** `kind` is omitted for SHARED_HTTP (0), as Go's omitempty does. */
export interface Endpoint {
  readonly kind?: EndpointKindValue;
  readonly sequence_number: number;
}

export interface CpuResource {
  readonly units: ResourceValue;
  readonly attributes?: readonly Attribute[];
}

export interface MemoryResource {
  readonly size: ResourceValue;
  readonly attributes?: readonly Attribute[];
}

export interface StorageVolume {
  readonly name: string;
  readonly size: ResourceValue;
  readonly attributes?: readonly Attribute[];
}

export interface GpuResource {
  readonly units: ResourceValue;
  readonly attributes?: readonly Attribute[];
}

export interface Resources {
  readonly id: number;
  readonly cpu: CpuResource;
  readonly memory: MemoryResource;
  readonly storage: readonly StorageVolume[] | null;
  readonly gpu: GpuResource;
  readonly endpoints: readonly Endpoint[] | null;
}

export interface DecCoin {
  readonly denom: string;
  /** Cosmos LegacyDec: integer part, a dot, exactly 18 decimals. */
  readonly amount: string;
}

export interface ResourceUnit {
  readonly resource: Resources;
  readonly count: number;
  readonly price: DecCoin;
}

export interface SignedBy {
  readonly all_of: readonly string[] | null;
  readonly any_of: readonly string[] | null;
}

export interface GroupSpec {
  readonly name: string;
  readonly requirements: {
    readonly signed_by: SignedBy;
    readonly attributes: readonly Attribute[] | null;
  };
  readonly resources: readonly ResourceUnit[];
}

export interface HttpOptions {
  readonly maxBodySize: number;
  readonly readTimeout: number;
  readonly sendTimeout: number;
  readonly nextTries: number;
  readonly nextTimeout: number;
  readonly nextCases: readonly string[] | null;
}

export interface ServiceExpose {
  readonly port: number;
  readonly externalPort: number;
  readonly proto: "TCP" | "UDP";
  readonly service: string;
  readonly global: boolean;
  readonly hosts: readonly string[] | null;
  readonly httpOptions: HttpOptions;
  readonly ip: string;
  readonly endpointSequenceNumber: number;
}

export interface StorageParams {
  readonly name: string;
  readonly mount: string;
  readonly readOnly: boolean;
}

export interface ServiceParams {
  readonly storage: readonly StorageParams[] | null;
  readonly permissions?: { readonly read: readonly string[] | null };
  readonly tee?: { readonly type: string; readonly attestation: boolean };
}

export interface ImageCredentials {
  readonly host: string;
  readonly email: string;
  readonly username: string;
  readonly password: string;
}

export interface ManifestService {
  readonly name: string;
  readonly image: string;
  readonly command: readonly string[] | null;
  readonly args: readonly string[] | null;
  readonly env: readonly string[] | null;
  readonly resources: Resources;
  readonly count: number;
  readonly expose: readonly ServiceExpose[] | null;
  readonly params?: ServiceParams;
  readonly credentials: ImageCredentials | null;
}

export interface ManifestGroup {
  readonly name: string;
  readonly services: readonly ManifestService[] | null;
}

export type Manifest = readonly ManifestGroup[];

/** MsgCreateDeployment.reclamation (node v2.1+), present only when the SDL asks for it. */
export interface Reclamation {
  readonly min_window: string;
}
