export { compileSdl, compileDocument, manifestVersion, manifestJson } from "./compile.js";
export type { CompileOptions, CompileOutput, CompileResult } from "./compile.js";
export { formatDiagnostic, type Diagnostic, type LocatedDiagnostic, type Severity } from "./diagnostics.js";
export { MESSAGES, type DiagnosticCode } from "./messages.js";
export { parseYaml, DEFAULT_LIMITS, type ParseLimits } from "./parse.js";
export { sortedGoJson, sha256Hex } from "./gojson.js";
export { sdlSchemaText } from "./schema.js";
export type * from "./types.js";
