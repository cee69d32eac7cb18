/** The BIP39 test vector (all-zero entropy): public, never a real key. */
export const TEST_MNEMONIC =
  "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
