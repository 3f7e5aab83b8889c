// `errcat gen ts` output, type-checked by TypeScript in strict mode, then run
// against `errcat mock` in every profile (and a house profile,
// tests/sdk/house-profile.toml): its parseError must read each error back
// (code, message, request ID, field errors) from what errcat serves.
// Run by scripts/test: node tests/sdk/generated_clients.test.mjs
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { assertEqual, binary, check, finish, root, startMock } from "./harness.mjs";

// Every built-in profile, as the binary lists them: a new profile gets a client test at once.
const BUILT_IN = JSON.parse(execFileSync(binary, ["profiles", "--json"], { cwd: root, encoding: "utf8" })).map((p) => p.name);
const CASES = [
  ...BUILT_IN.map((profile) => ({ catalog: "catalogs/plunk.toml", profile })),
  { catalog: "tests/sdk/house-profile.toml", profile: "acme" },
  { catalog: "tests/sdk/house-profile.toml", profile: "acme-map" },
  { catalog: "tests/sdk/house-profile.toml", profile: "acme-xml" },
];
const work = mkdtempSync(join(tmpdir(), "errcat-clients-"));

/** Generates the client for `profile`, type-checks it strictly, and imports its JavaScript. */
async function client(catalog, profile, name = profile) {
  const source = execFileSync(binary, ["gen", "ts", "--catalog", catalog, "--profile", profile], { cwd: root, encoding: "utf8" });
  const file = join(work, `errors-${name}.ts`);
  writeFileSync(file, source);
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ES2022,
    lib: ["lib.es2022.d.ts"],
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    noImplicitReturns: true,
    // What Node's type stripping runs: no enums, namespaces or parameter properties.
    erasableSyntaxOnly: true,
  });
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  if (diagnostics.length > 0) throw new Error(`tsc --strict: ${diagnostics.slice(0, 3).join("; ")}`);
  const javascript = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022 } }).outputText;
  const module = join(work, `errors-${name}.mjs`);
  writeFileSync(module, javascript);
  return import(pathToFileURL(module).href);
}

try {
  for (const { catalog, profile } of CASES) {
    await check(`${profile}: the generated client type-checks and reads what errcat serves`, async () => {
      const { parseError, ERRORS } = await client(catalog, profile);
      const base = await startMock([
        "--catalog", catalog, "--profile", profile,
        "--route", "POST /v1/track=VALIDATION_ERROR",
        "--route", "GET /v1/templates/{id}=TEMPLATE_NOT_FOUND",
      ]);
      const idHeader = profile === "plain" ? "apigw-requestid" : "x-request-id";
      const read = async (path, init) => {
        const response = await fetch(`${base}${path}`, init);
        // An XML body is given as its text.
        const xml = (response.headers.get("content-type") ?? "").includes("xml");
        const error = parseError(response.status, response.headers, xml ? await response.text() : await response.json());
        if (error === null) throw new Error(`parseError gave null for ${path}`);
        assertEqual(error.requestId, response.headers.get(idHeader), `${path} request ID`);
        return error;
      };

      const invalid = await read("/v1/track", { method: "POST" });
      assertEqual(invalid.code, "VALIDATION_ERROR", "validation code");
      if (profile !== "planfix") {
        // Planfix's shape has no field errors.
        assertEqual(invalid.fields.map((f) => [f.field, f.message]), [["email", "Invalid email"]], "field errors");
      }
      if (["problem", "plunk", "jsonapi", "acme", "acme-map", "acme-xml"].includes(profile)) {
        assertEqual(invalid.fields[0].code, "invalid_string", "the field's own code");
      }
      assertEqual(invalid.entries.map((e) => e.id), ["VALIDATION_ERROR"], "catalog entries of the code");
      assertEqual(invalid.retryAfter, null, "no Retry-After, no delay");
      // `Retry-After` in seconds is read from the headers; a date is not seconds.
      const limited = await fetch(`${base}/v1/track`, { method: "POST" });
      const limitedBody = (limited.headers.get("content-type") ?? "").includes("xml") ? await limited.text() : await limited.json();
      const retryAfter = (value) => parseError(429, new Headers({ "retry-after": value }), limitedBody)?.retryAfter;
      if (profile === "google") {
        // A reason the catalog lacks is a code as written, even one an object has (`constructor`).
        const odd = JSON.parse(JSON.stringify(limitedBody).replaceAll('"VALIDATION_ERROR"', '"constructor"'));
        assertEqual(parseError(400, new Headers(), odd)?.code, "constructor", "a reason that is a prototype's key");
      }
      assertEqual([retryAfter("30"), retryAfter(" 7 "), retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"), retryAfter("1e3")], [30, 7, null, null], "Retry-After seconds");

      const missing = await read("/v1/templates/tpl_1");
      assertEqual(missing.code, "TEMPLATE_NOT_FOUND", "not-found code");
      if (!missing.message.includes("tpl_1")) throw new Error(`message: ${missing.message}`);
      assertEqual(ERRORS.TEMPLATE_NOT_FOUND.status, 404, "catalog status");

      const unknown = await read("/nowhere");
      assertEqual(unknown.code, "route_not_found", "framework errors are known too");
      assertEqual(unknown.entries.length, 1, "route_not_found is in ERRORS");

      assertEqual(parseError(200, new Headers(), { success: true, data: {} }), null, "a success body is no error");
      if (profile !== "acme-xml") {
        // The body's text reads as its JSON; text that is not JSON (a proxy's page) is no error.
        const text = await (await fetch(`${base}/v1/templates/tpl_1`)).text();
        assertEqual(parseError(404, new Headers(), text)?.code, "TEMPLATE_NOT_FOUND", "a body given as text");
        assertEqual(parseError(502, new Headers(), "<html>Bad gateway</html>"), null, "a proxy's page");
      }
      if (profile === "acme-xml") {
        // What is not this API's XML is no error of it.
        for (const body of ["<Error>", "<!DOCTYPE x [<!ENTITY a 'b'>]><Error><Code>&a;</Code></Error>", "not xml", "<a>".repeat(10000), "<Error><Code>x</Code></Wrong>", "<Error><Code>&constructor;</Code></Error>"]) {
          assertEqual(parseError(500, new Headers(), body), null, `not XML: ${body.slice(0, 40)}`);
        }
        const escaped = parseError(400, new Headers(), "<?xml version=\"1.0\"?><Error><Code>A&amp;B</Code><Text><![CDATA[<b>]]> &#x263A; &lt;</Text></Error>");
        assertEqual([escaped?.code, escaped?.message], ["A&B", "<b> \u263A <"], "references and CDATA are read as text");
      }

      if (profile === "acme-map") {
        // Nested fields and an error of the whole request, as `errcat render` writes them.
        const input = join(work, "nested-input.json");
        writeFileSync(input, JSON.stringify({ fields: [
          { field: "profile.name", message: "Required", code: "required" },
          { field: "", message: "Too many fields", code: "too_large" },
          { field: "profile", message: "Not an object", code: "type" },
        ] }));
        const body = JSON.parse(execFileSync(binary, ["render", "VALIDATION_ERROR", "--catalog", catalog, "--profile", profile, "--input", input], { cwd: root, encoding: "utf8" }));
        const nested = parseError(422, new Headers(), body);
        assertEqual(
          nested.fields.map((f) => [f.field, f.message, f.code]),
          [["", "Too many fields", "too_large"], ["profile", "Not an object", "type"], ["profile.name", "Required", "required"]],
          "fields read back from a field map",
        );
      }
    });
  }
  await check("a catalog's integer code sent as text (JSON:API) is read as the integer", async () => {
    const { parseError } = await client("catalogs/planfix.toml", "jsonapi", "planfix-jsonapi");
    const body = JSON.parse(execFileSync(binary, ["render", "1", "--catalog", "catalogs/planfix.toml", "--profile", "jsonapi"], { cwd: root, encoding: "utf8" }));
    assertEqual(body.errors[0].code, "1", "JSON:API sends codes as strings");
    const error = parseError(400, new Headers(), body);
    assertEqual([error?.code, error?.entries.map((e) => e.id)], [1, ["1"]], "the code and its entry");
  });
  await check("a deprecated entry is reported where it is used, with its advice", async () => {
    const source = execFileSync(binary, ["gen", "ts", "--catalog", "tests/sdk/deprecated-entry.toml"], { cwd: root, encoding: "utf8" });
    const files = {
      [join(work, "contacts.ts")]: source,
      [join(work, "use.ts")]: 'import { ERRORS, entry } from "./contacts.js";\nexport const now = ERRORS.contact_not_found.status;\nexport const old = ERRORS.contact_gone.status;\nexport const looked = entry("contact" + "_gone")?.status;\n',
      [join(work, "typo.ts")]: 'import { ERRORS } from "./contacts.js";\nexport const typo = ERRORS.contact_not_fuond.status;\n',
    };
    const options = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022, moduleResolution: ts.ModuleResolutionKind.Bundler, noUncheckedIndexedAccess: true };
    const service = ts.createLanguageService({
      getScriptFileNames: () => Object.keys(files),
      getScriptVersion: () => "1",
      getScriptSnapshot: (name) => (name in files ? ts.ScriptSnapshot.fromString(files[name]) : ts.sys.fileExists(name) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(name)) : undefined),
      getCurrentDirectory: () => work,
      getCompilationSettings: () => options,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: (name) => name in files || ts.sys.fileExists(name),
      readFile: (name) => files[name] ?? ts.sys.readFile(name),
    });
    const use = join(work, "use.ts");
    const errors = service.getSemanticDiagnostics(use).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    assertEqual(errors, [], "strict, with noUncheckedIndexedAccess, an entry by name is an ErrorEntry");
    const reported = service
      .getSuggestionDiagnostics(use)
      .filter((d) => d.reportsDeprecated)
      .map((d) => [files[use].slice(0, d.start).split("\n").length, ts.flattenDiagnosticMessageText(d.messageText, "\n")]);
    assertEqual(reported, [[3, "'contact_gone' is deprecated."]], "deprecated uses");
    const typo = service.getSemanticDiagnostics(join(work, "typo.ts")).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    assertEqual(typo.length, 1, `a misspelled id does not compile: ${typo.join("; ")}`);
    if (!typo[0].includes("contact_not_fuond")) throw new Error(`the error names the id: ${typo[0]}`);
    const { ERRORS } = await client("tests/sdk/deprecated-entry.toml", "problem", "deprecated");
    assertEqual(ERRORS.contact_gone.deprecated, 'use `contact_not_found` instead; 410 and 404 are one error now */ "quoted"', "the advice at run time");
    assertEqual(ERRORS.contact_not_found.deprecated, null, "a current entry");
    const { entry } = await client("tests/sdk/deprecated-entry.toml", "problem", "deprecated-lookup");
    assertEqual([entry("contact_gone")?.status, entry("constructor"), entry("nope")], [410, undefined, undefined], "entry(id) at run time");
  });
} finally {
  rmSync(work, { recursive: true, force: true });
  finish();
}
