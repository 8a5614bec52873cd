/**
 * createApp(): the Hono app with every route mounted and one error handler
 * that writes errors in the caller's dialect (STYLE.md "Errors").
 */
import { Hono } from "hono";
import { errorBody } from "./dialects/errors.js";
import type { Dialect } from "./dialects/types.js";
import { GuardError } from "./lib/guard-error.js";
import { adminRoutes } from "./routes/admin.js";
import { intelRoutes } from "./routes/intel.js";
import type { AppEnv } from "./routes/context.js";
import { guardedRequest } from "./routes/proxy.js";

export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use("*", async (c, next) => {
    c.set("requestId", crypto.randomUUID());
    c.set("dialect", "openai");
    await next();
  });

  app.route("/_guard", intelRoutes() as unknown as Hono<AppEnv>);
  app.route("/_guard", adminRoutes() as unknown as Hono<AppEnv>);
  app.all("/v1/*", guardedRequest);
  app.notFound((c) =>
    errorResponse(c.get("dialect") ?? "openai", new GuardError("not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`)),
  );

  app.onError((err, c) => {
    const dialect = c.get("dialect") ?? "openai";
    const g = err instanceof GuardError ? err : new GuardError("internal_error", "The guard failed to process this request.");
    if (!(err instanceof GuardError)) {
      console.error(JSON.stringify({ event: "unhandled_error", requestId: c.get("requestId"), error: String(err), stack: (err as Error).stack }));
    }
    const res = errorResponse(dialect, g);
    // A browser client (CORS) can read the guard's own refusals, as it reads the origin's answers: the SDKs
    // then raise the typed error (RateLimitError…), not a network error. Nothing in them is another caller's.
    if (c.req.raw.headers.has("origin")) res.headers.set("access-control-allow-origin", "*");
    return res;
  });
  return app;
}

export function errorResponse(dialect: Dialect, g: GuardError): Response {
  const { status, body } = errorBody(dialect, g);
  const headers = new Headers({ "content-type": "application/json", ...g.headers });
  return new Response(JSON.stringify(body), { status, headers });
}
