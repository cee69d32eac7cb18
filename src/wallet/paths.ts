import { homedir } from "node:os";
import { isAbsolute, join } from "node:path";

export const KEYSTORE_FILE = "keystore.json";

/**
 * Where the keystore lives: `$AKASH_HOME/keystore.json`, else `$XDG_CONFIG_HOME/akash/keystore.json`
 * (an absolute XDG_CONFIG_HOME only, as the XDG spec says), else `~/.config/akash/keystore.json`.
 * `env` is passed in (the CLI's environment); `home` defaults to $HOME, then the OS's idea of it.
 */
export function keystorePath(env: Readonly<Record<string, string | undefined>>, home?: string): string {
  const akashHome = env.AKASH_HOME;
  if (akashHome !== undefined && akashHome !== "") return join(akashHome, KEYSTORE_FILE);
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg !== undefined && xdg !== "" && isAbsolute(xdg)) return join(xdg, "akash", KEYSTORE_FILE);
  const userHome = home ?? (env.HOME !== undefined && env.HOME !== "" ? env.HOME : homedir());
  return join(userHome, ".config", "akash", KEYSTORE_FILE);
}
