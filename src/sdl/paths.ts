/** JSON pointer tokens, unescaped. */
export function pointerTokens(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
}

export function toPointer(tokens: readonly (string | number)[]): string {
  let pointer = "";
  for (const token of tokens) {
    const text = String(token);
    pointer += `/${text.includes("~") || text.includes("/") ? text.replace(/~/g, "~0").replace(/\//g, "~1") : text}`;
  }
  return pointer;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `/services/web/expose/0/port` → `services.web.expose[0].port`, the form shown to humans. */
export function pointerToDisplay(pointer: string): string {
  return tokensToDisplay(pointerTokens(pointer));
}

export function tokensToDisplay(tokens: readonly (string | number)[]): string {
  let out = "";
  for (const token of tokens) {
    const text = String(token);
    if (typeof token === "number" || /^\d+$/.test(text)) out += `[${text}]`;
    else if (IDENTIFIER.test(text)) out += out === "" ? text : `.${text}`;
    else out += `[${JSON.stringify(text)}]`;
  }
  return out;
}
