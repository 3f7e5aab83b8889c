// Vendors' own client code against `errcat mock`: each must read errcat's
// errors as if the vendor had sent them.
//
// - Plain: @team-plain/typescript-sdk validates every error body with zod
//   schemas and sorts it into typed errors (mutation_error, forbidden,
//   bad_request, internal_server_error). Any shape mistake turns into the
//   SDK's fallback messages or an `unknown` error, which these checks reject.
// - Plunk: the error-handling code printed in Plunk's own error reference
//   (tests/data/seeds/plunk-api-errors.mdx), run as written, and the
//   @plunk/node SDK's typed errors.
//
// Each mock listens on a free loopback port and is stopped at the end.
// Run by scripts/test: node tests/sdk/vendor_sdks.test.mjs
import { readFileSync } from "node:fs";
import { PlainClient } from "@team-plain/typescript-sdk";
import plunkModule from "@plunk/node";
import { assertEqual, check, finish, root, startMock } from "./harness.mjs";

const Plunk = plunkModule.default ?? plunkModule;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;

try {
  // Plain: its own 57 codes plus what a service adds (tests/sdk/plain-service.toml).
  const plain = await startMock([
    "--catalog", "catalogs/plain.toml",
    "--catalog", "tests/sdk/plain-service.toml",
    "--route", "POST /graphql/validation=customer_input_invalid",
    "--route", "POST /graphql/forbidden=forbidden",
    "--route", "POST /graphql/not-found=not_found",
    "--route", "POST /graphql/unauthenticated=unauthenticated",
    "--route", "POST /graphql/malformed=malformed_query",
    "--route", "POST /graphql/internal=upstream_failure",
  ]);
  const plainAt = (path) => new PlainClient({ apiKey: "plainApiKey_errcat", apiUrl: `${plain}/graphql/${path}` });
  const customer = {
    identifier: { emailAddress: "not-an-email" },
    onCreate: { fullName: "", email: { email: "not-an-email", isVerified: false } },
    onUpdate: {},
  };

  await check("Plain SDK: a validation failure is a typed mutation_error with its fields", async () => {
    const { error } = await plainAt("validation").upsertCustomer(customer);
    assertEqual(error?.type, "mutation_error", "error type");
    assertEqual(error.message, "The customer could not be saved: 2 fields are invalid.", "message");
    assertEqual(error.errorDetails.code, "customer_input_invalid", "code");
    assertEqual(error.errorDetails.type, "VALIDATION", "MutationErrorType");
    assertEqual(
      error.errorDetails.fields,
      [
        { field: "identifier.emailAddress", message: "Not a valid email address", type: "VALIDATION" },
        { field: "onCreate.fullName", message: "Required", type: "REQUIRED" },
      ],
      "fields",
    );
    if (!UUID.test(error.requestId ?? "")) throw new Error(`requestId from apigw-requestid: ${error.requestId}`);
  });

  await check("Plain SDK: the `forbidden` code becomes its forbidden error", async () => {
    const { error } = await plainAt("forbidden").upsertCustomer(customer);
    assertEqual(error?.type, "forbidden", "error type");
    assertEqual(error.message, "Permission denied.", "message");
  });

  await check("Plain SDK: a seed code arrives as a mutation error with Plain's text", async () => {
    const { error } = await plainAt("not-found").upsertCustomer(customer);
    assertEqual(error?.type, "mutation_error", "error type");
    assertEqual(error.errorDetails.code, "not_found", "code");
    assertEqual(error.errorDetails.fields, [], "fields");
  });

  await check("Plain SDK: a 401 transport error is read from its GraphQL errors", async () => {
    const { error } = await plainAt("unauthenticated").upsertCustomer(customer);
    assertEqual(error?.type, "forbidden", "error type");
    // The SDK only uses the body's message when the body passes its schema.
    assertEqual(error.message, "Authentication failed: the API key is missing or invalid.", "message");
  });

  await check("Plain SDK: a 400 is a bad_request whose graphqlErrors pass its schema", async () => {
    const { error } = await plainAt("malformed").upsertCustomer(customer);
    assertEqual(error?.type, "bad_request", "error type");
    assertEqual(
      error.graphqlErrors,
      [{ message: "Syntax Error: Expected Name, found <EOF>.", locations: [], extensions: { code: "BAD_REQUEST" } }],
      "graphqlErrors",
    );
  });

  await check("Plain SDK: a 500 is its internal_server_error, with the request ID", async () => {
    const { error } = await plainAt("internal").upsertCustomer(customer);
    assertEqual(error?.type, "internal_server_error", "error type");
    if (!UUID.test(error.requestId ?? "")) throw new Error(`requestId: ${error.requestId}`);
  });

  // Plunk: the seed catalog in its own profile.
  const plunk = await startMock([
    "--route", "POST /v1/track=VALIDATION_ERROR",
    "--route", "POST /v1/send=INVALID_API_KEY",
    "--route", "POST /templates/send=TEMPLATE_NOT_FOUND",
  ]);

  await check("Plunk's documented error handling, run as printed in its reference", async () => {
    const seed = readFileSync(`${root}tests/data/seeds/plunk-api-errors.mdx`, "utf8");
    const section = seed.slice(seed.indexOf("### JavaScript/TypeScript Example"));
    const code = section.match(/```typescript\n([\s\S]*?)```/)[1];
    if (!code.includes("https://next-api.useplunk.com/v1/track")) throw new Error("the seed's example moved");
    const printed = [];
    const console = {
      log: (...parts) => printed.push(parts.join(" ")),
      error: (...parts) => printed.push(parts.join(" ")),
    };
    const example = new Function("fetch", "console", "publicKey", `return (async () => {\n${code}\n})();`);
    const mockFetch = (url, init) => fetch(url.replace("https://next-api.useplunk.com", plunk), init);
    await example(mockFetch, console, "pk_errcat");
    const requestId = printed.find((line) => line.startsWith("Request ID: "))?.slice("Request ID: ".length);
    if (!UUID.test(requestId ?? "")) throw new Error(`printed: ${JSON.stringify(printed)}`);
    assertEqual(
      printed,
      [
        "Error [VALIDATION_ERROR]: Request validation failed",
        "Suggestion: One or more fields have incorrect types. Check that strings are quoted, numbers are unquoted, and booleans are true/false.",
        `Request ID: ${requestId}`,
        "email: Invalid email",
      ],
      "what the example printed",
    );
  });

  await check("@plunk/node: statuses become its typed errors", async () => {
    const client = new Plunk("sk_errcat", { baseUrl: `${plunk}/v1/` });
    const rejection = async (call) => call.then(() => { throw new Error("did not throw"); }, (error) => error);
    const token = await rejection(client.emails.send({ to: "a@example.com", subject: "Hi", body: "Hi" }));
    assertEqual(token.constructor.name, "TokenError", "401");
    const missing = await rejection(new Plunk("sk_errcat", { baseUrl: `${plunk}/templates/` }).emails.send({ to: "a@example.com", subject: "Hi", body: "Hi" }));
    assertEqual(missing.constructor.name, "NotFoundError", "404");
    const invalid = await rejection(client.events.track({ event: "signup", email: "not-an-email" }));
    assertEqual(invalid.constructor.name, "Error", "422");
  });
} finally {
  finish();
}
