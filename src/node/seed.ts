/**
 * The demo accounts `npm start` seeds through the admin API, one per tier of
 * interest, with well-known keys for curl and SDK examples.
 */
export interface DemoAccount {
  id: string;
  key: string;
  tier: "free" | "edu" | "research" | "paid" | "enterprise";
  verified: boolean;
  org: string | null;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { id: "demo-free", key: "dg-demo-free", tier: "free", verified: false, org: null },
  { id: "demo-edu", key: "dg-demo-edu", tier: "edu", verified: false, org: "demo-university" },
  { id: "demo-paid", key: "dg-demo-paid", tier: "paid", verified: true, org: "demo-startup" },
  { id: "demo-enterprise", key: "dg-demo-enterprise", tier: "enterprise", verified: true, org: "demo-corp" },
];

export async function seedDemoAccounts(base: URL | string, adminToken: string, now = Date.now()): Promise<void> {
  for (const a of DEMO_ACCOUNTS) {
    const res = await fetch(new URL(`/_guard/accounts/${a.id}`, base), {
      method: "PUT",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      // Demo accounts are a month old so they start out of probation.
      body: JSON.stringify({ tier: a.tier, verified: a.verified, org: a.org, apiKeys: [a.key], createdAt: now - 30 * 86_400_000 }),
    });
    if (!res.ok) throw new Error(`seeding ${a.id} failed: HTTP ${res.status} ${await res.text()}`);
  }
}
