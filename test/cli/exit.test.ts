import assert from "node:assert/strict";
import { test } from "node:test";
import { ChainError } from "../../src/chain/errors.js";
import { ExitCode, exitCodeFor } from "../../src/cli/exit.js";
import { InputError, InternalError, NetworkError, UsageError, WalletError } from "../../src/errors.js";

test("every failure kind maps to the exit code the README documents", () => {
  assert.equal(exitCodeFor(new UsageError("x")), ExitCode.usage);
  assert.equal(exitCodeFor(new InputError("SDL_INVALID", "x")), ExitCode.invalidInput);
  assert.equal(exitCodeFor(new NetworkError("NO_ENDPOINT", "x")), ExitCode.chain);
  assert.equal(exitCodeFor(new ChainError("INSUFFICIENT_FUNDS", "x")), ExitCode.chain);
  assert.equal(exitCodeFor(new WalletError("WRONG_PASSPHRASE", "x")), ExitCode.wallet);
  assert.equal(exitCodeFor(new InternalError("x")), ExitCode.internal);
  assert.equal(exitCodeFor(new TypeError("bug")), ExitCode.internal);
});
