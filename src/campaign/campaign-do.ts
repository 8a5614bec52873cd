/**
 * Campaign index objects, sharded by fingerprint (issue 5). The class is
 * declared from the first migration so deployments never need a rename.
 */
import { DurableObject } from "cloudflare:workers";

export class CampaignIndex extends DurableObject<Env> {}
