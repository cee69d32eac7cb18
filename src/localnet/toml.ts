/**
 * Sets keys in the node's generated config.toml / app.toml without a TOML library: those files
 * are flat `key = value` lines under `[section]` headers, and editing lines keeps the node's own
 * comments and layout. A key that is missing is added at the end of its section.
 */

/** `value` is a TOML literal: `"1s"`, `true`, `1000`. `section` "" is the top level. */
export function setTomlValue(text: string, section: string, key: string, value: string): string {
  const lines = text.split("\n");
  let current = "";
  let sectionEnd = -1;
  let sectionSeen = section === "";
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? "";
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      if (current === section && sectionSeen) sectionEnd = i;
      current = header[1]!.trim();
      if (current === section) sectionSeen = true;
      continue;
    }
    if (current !== section) continue;
    const match = /^(\s*)([A-Za-z0-9_.-]+)\s*=/.exec(line);
    if (match && match[2] === key) {
      lines[i] = `${match[1]}${key} = ${value}`;
      return lines.join("\n");
    }
  }
  if (!sectionSeen) return `${text.replace(/\n*$/, "\n")}\n[${section}]\n${key} = ${value}\n`;
  let insertAt = current === section ? lines.length : sectionEnd;
  // After the section's last line, not after the blank lines that separate it from the next.
  while (insertAt > 0 && (lines[insertAt - 1] ?? "").trim() === "") insertAt -= 1;
  lines.splice(insertAt, 0, `${key} = ${value}`);
  return lines.join("\n");
}

export function setTomlValues(text: string, values: readonly (readonly [section: string, key: string, value: string])[]): string {
  return values.reduce((acc, [section, key, value]) => setTomlValue(acc, section, key, value), text);
}
