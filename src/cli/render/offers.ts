import { trimDecimal, type Offer } from "../../deploy/offers.js";

/** One bid as the picker lists it: price per block, hour and month, host, region, audit, reachability. */
export function offerLine(offer: Offer): string {
  const region = [...offer.attributes, ...offer.auditedAttributes].find((a) => a.key === "region")?.value ?? "-";
  return [
    `${trimDecimal(offer.pricePerBlock)} ${offer.denom}/block`.padEnd(24),
    `${Number(offer.actPerHour).toFixed(4)} ACT/h`.padEnd(16),
    `${Number(offer.actPerMonth).toFixed(2)} ACT/mo`.padEnd(16),
    offer.hostUri.padEnd(32),
    `region=${region}`.padEnd(16),
    offer.auditedBy.length > 0 ? "audited" : "unaudited",
    offer.reachable === false ? "UNREACHABLE" : offer.reachable === true ? "reachable" : "",
  ].join(" ");
}
