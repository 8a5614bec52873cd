import { startLocal, DEV_ADMIN_TOKEN } from "/work/main/src/node/local-worker";
import { seedDemoAccounts } from "/work/main/src/node/seed";
const { url, stop } = await startLocal({ port: 0 });
await seedDemoAccounts(url.origin, DEV_ADMIN_TOKEN);
const ctrl = new AbortController();
const res = await fetch(`${url.origin}/v1/chat/completions`, { method: "POST", signal: ctrl.signal,
  headers: { authorization: "Bearer dg-demo-paid", "content-type": "application/json", "x-demo-delay-ms": "200" },
  body: JSON.stringify({ model: "m", stream: true, max_tokens: 4000, messages: [{ role: "user", content: "Write a long story" }] }) });
const reader = res.body!.getReader();
console.log("first", (await reader.read()).value?.length);
ctrl.abort();
for (let i = 0; i < 20; i++) {
  await new Promise(r => setTimeout(r, 500));
  const v = await (await fetch(`${url.origin}/_guard/accounts/demo-paid`, { headers: { authorization: `Bearer ${DEV_ADMIN_TOKEN}` } })).json() as any;
  console.log(i, JSON.stringify(v.recent[0]?.detail?.settled), v.usage.tokens);
  if (v.recent[0]?.detail?.settled) break;
}
await stop();
