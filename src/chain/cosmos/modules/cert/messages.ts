/**
 * Certificate messages (`akash.cert.v1.Msg`, protocol.md §1.5), for the mTLS fallback: publish a
 * client certificate and revoke one. `cert` and `pubkey` are the PEM *text* bytes (not DER); the
 * chain checks one CERTIFICATE block, one EC PUBLIC KEY block, a self-signature with that key and
 * CN = owner. Revocation names the certificate by its decimal serial.
 */
import type { EncodeObject } from "@cosmjs/proto-signing";
import { MsgCreateCertificate, MsgRevokeCertificate } from "@akashnetwork/chain-sdk/private-types/akash.v1";
import { inputError } from "../../encoding.js";
import { TYPE_URL } from "../../registry.js";

const UTF8 = new TextEncoder();

export function createCertificateMsg(owner: string, certPem: string, pubkeyPem: string): EncodeObject {
  if (owner === "") throw inputError("INVALID_ADDRESS", "certificate: the owner address is empty");
  if (!/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n?$/.test(certPem)) {
    throw inputError("INVALID_CERTIFICATE", "certificate: expected exactly one PEM CERTIFICATE block");
  }
  if (!/^-----BEGIN EC PUBLIC KEY-----\n[\s\S]+\n-----END EC PUBLIC KEY-----\n?$/.test(pubkeyPem)) {
    throw inputError("INVALID_CERTIFICATE", "certificate: expected exactly one PEM EC PUBLIC KEY block");
  }
  const value = MsgCreateCertificate.fromPartial({ owner, cert: UTF8.encode(certPem), pubkey: UTF8.encode(pubkeyPem) });
  return { typeUrl: TYPE_URL.MsgCreateCertificate, value };
}

export function revokeCertificateMsg(owner: string, serial: string): EncodeObject {
  if (owner === "") throw inputError("INVALID_ADDRESS", "certificate: the owner address is empty");
  if (!/^\d{1,80}$/.test(serial)) throw inputError("INVALID_CERTIFICATE", `certificate serial must be a decimal number, got "${serial.slice(0, 90)}"`);
  return { typeUrl: TYPE_URL.MsgRevokeCertificate, value: MsgRevokeCertificate.fromPartial({ id: { owner, serial } }) };
}
