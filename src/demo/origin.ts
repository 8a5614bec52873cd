/**
 * The demo origin as a named entrypoint of this Worker, reached through the
 * `ORIGIN` service binding in wrangler.toml (a service binding to ourselves).
 * The only file of the demo that imports `cloudflare:*`.
 */
import { WorkerEntrypoint } from "cloudflare:workers";
import { demoFetch } from "./handler.js";

export class DemoOrigin extends WorkerEntrypoint {
  override fetch(request: Request): Promise<Response> {
    return demoFetch(request);
  }
}
