/**
 * Generated conversational text: everyday questions, follow-ups, synthetic
 * assistant turns for multi-turn histories, writing and vision requests, and
 * a fictional company's support knowledge base for the RAG bot.
 */
import type { Rng } from "../rng.js";
import {
  AUDIENCES, CONCEPTS, DOCS, FRAMEWORKS, LANGS, NAMES, REPLY_OPENERS, REPLY_SENTENCES, SUBJECTS, TASKS, TECH, TOPICS,
} from "./words.js";

export function chatQuestion(r: Rng): string {
  return r.pick<(r: Rng) => string>([
    (r) => `How do I ${r.pick(TASKS)}?`,
    (r) => `Explain ${r.pick(CONCEPTS)} like I'm ${r.pick(AUDIENCES)}.`,
    (r) => `What's the difference between ${r.pick(TECH)} and ${r.pick(TECH)}? When would I use each?`,
    (r) => `Can you help me write ${r.pick(DOCS)} about ${r.pick(TOPICS)}? Keep it under ${r.int(1, 4) * 100} words.`,
    (r) => `I'm trying to ${r.pick(TASKS)} but I keep getting stuck. Any tips?`,
    (r) => `Give me ${r.int(3, 10)} ideas for a ${r.pick(["birthday party", "team offsite", "weekend trip", "science fair project", "side project", "podcast episode"])} related to ${r.pick(TOPICS)}.`,
    (r) => `Is it worth learning ${r.pick(LANGS)} in 2026 if I already know ${r.pick(LANGS)}?`,
    (r) => `Summarise the main arguments for and against ${r.pick(TOPICS)}.`,
    (r) => `My ${r.pick(FRAMEWORKS)} app returns a 500 error when I ${r.pick(["submit the login form", "upload a file over 10 MB", "deploy to production", "run the migrations"])}. Where should I start looking?`,
    (r) => `What should I ask at the end of an interview for a ${r.pick(["data analyst", "product manager", "nurse", "backend engineer", "teacher", "designer"])} position?`,
    (r) => `Translate this into ${r.pick(["French", "Spanish", "German", "Japanese", "Portuguese", "Polish"])}: "${r.pick(["Thanks for your patience, the package will arrive on Tuesday.", "Could we move our meeting to next week?", "The museum is closed on Mondays."])}"`,
    (r) => `Recommend ${r.int(3, 6)} books about ${r.pick(TOPICS)} for a beginner, with one sentence on each.`,
    (r) => `I have ${r.pick(["chicken thighs", "chickpeas", "tofu", "leftover rice", "eggs and spinach"])} and ${r.pick(["half an hour", "no oven", "a rice cooker", "two kids to feed"])}. What can I cook?`,
  ])(r);
}

export function followUp(r: Rng): string {
  return r.pick([
    "Can you make it shorter?", "Thanks! Can you give an example?", "What about the edge case where the list is empty?",
    "Could you explain the second step in more detail?", "That didn't work, I get the same error.",
    `How would that change for ${r.pick(TECH)}?`, "Can you put that in a table?", "Make it a bit more formal, please.",
    "Why is that better than the first approach?", "OK, and what would you do next?", "Perfect, one more question:",
    `Can you rewrite it for ${r.pick(AUDIENCES)}?`, "Great. Now add error handling.", "Are there any risks I should know about?",
  ]);
}

/** A plausible assistant turn of roughly `chars` characters (for conversation histories). */
export function assistantReply(r: Rng, chars: number): string {
  let s = r.pick(REPLY_OPENERS);
  let step = 1;
  while (s.length < chars) {
    s += r.chance(0.25) ? `\n\n${step++}. ${r.pick(REPLY_SENTENCES)}` : ` ${r.pick(REPLY_SENTENCES)}`;
  }
  return s;
}

export function writingTask(r: Rng): string {
  return r.pick([
    `Write ${r.pick(DOCS)} for ${r.pick(NAMES)}, who is ${r.pick(["leaving the team after five years", "applying for a research assistant role", "launching a small bakery", "organising a charity run"])}.`,
    `Proofread and improve this paragraph: "${r.pick(["Their going to announce the results tomorow, which effect everyone in the department.", "Me and my team has worked hard on this project and we think it are ready.", "The data shows that less people are using the service since the price increase."])}"`,
    `Write a ${r.pick(["haiku", "limerick", "sonnet", "short poem"])} about ${r.pick(TOPICS)}.`,
    `Draft a polite email asking ${r.pick(NAMES)} to ${r.pick(["review my pull request", "reschedule our call", "send the invoice", "confirm the venue"])}.`,
    `Turn these notes into a short ${r.pick(["blog post", "newsletter item", "status update"])}: ${r.pick(TOPICS)}, ${r.pick(TOPICS)}, next steps.`,
  ]);
}

export function visionQuestion(r: Rng): string {
  return r.pick([
    "What's in this picture?", "Can you read the text on this receipt and total it up?",
    "What kind of plant is this and is it healthy?", "Describe this chart and the main trend.",
    "Is there anything wrong with this circuit diagram?", "Transcribe the handwriting in this photo.",
    "What does this error message on my screen mean?", "Translate the sign in this photo.",
  ]);
}

export function studyQuestion(r: Rng): string {
  const s = r.pick(SUBJECTS);
  return r.pick([
    `I have a ${s} exam tomorrow. Can you explain ${r.pick(CONCEPTS)} and give me a practice question?`,
    `Can you check my reasoning for this ${s} homework? I think the answer is ${r.int(2, 99)} but I'm not sure.`,
    `What are the most important topics in an intro ${s} course?`,
    `Explain the difference between ${r.pick(["mean and median", "speed and velocity", "mitosis and meiosis", "correlation and causation", "stack and heap", "weather and climate"])} with an example.`,
    `Make me a study plan for ${s} for the next ${r.int(3, 14)} days.`,
  ]);
}

// ------------------------------------------------------ support bot (RAG)

export const SUPPORT_PRODUCT = "Brightwave Cloud Backup";

const KB: readonly string[] = [
  "Restoring files: open the Brightwave app, choose Restore, pick a snapshot date and select the folders to restore. Restores over 50 GB are delivered as a download link by email.",
  "Two-factor authentication: reset 2FA from Settings > Security. If you lost your device, use one of your 10 recovery codes, or contact support with a photo ID for a manual reset (2 business days).",
  "Billing: plans renew on the same day each month. Duplicate charges are usually card pre-authorisations and disappear within 5 days. Refunds are available within 14 days of renewal.",
  "Storage limits: Personal includes 1 TB, Family 2 TB shared between 5 users, Business 5 TB per seat. Versions older than 90 days do not count toward storage.",
  "Upload speed: backups are throttled to 50% of upstream bandwidth by default. Change it under Preferences > Network. VPNs and metered connections pause backups automatically.",
  "Supported systems: Windows 10 and 11, macOS 13 or later, Ubuntu 22.04 and 24.04. Network drives can be backed up on Business plans only.",
  "Sharing: share any backed-up folder with a link that expires after 1 to 30 days. Links can be password protected on Family and Business plans.",
  "Account deletion: deleting an account removes all snapshots after a 30-day grace period. Data cannot be recovered after that.",
  "Error BW-403 means the device was removed from the account. Sign in again and re-add the device; existing snapshots stay attached to the account.",
  "Error BW-507 means the storage quota is full. Free up space by deleting old versions or upgrade the plan.",
  "Encryption: files are encrypted on the device with AES-256 before upload. With a private key enabled, Brightwave staff cannot restore or reset access.",
  "Family plan: the plan owner can invite up to 4 members. Members' files are private unless shared.",
];

export function kbChunks(r: Rng, k: number): string[] {
  return r.sample(KB, k);
}

export function supportQuestion(r: Rng): string {
  return r.pick([
    "I was charged twice this month, can I get a refund?", "How do I restore a folder I deleted last week?",
    "I lost my phone and can't log in because of 2FA. What do I do?", "Why is my backup so slow?",
    "Does Brightwave work on Ubuntu?", "I'm getting error BW-507, what does it mean?",
    "Can I back up my NAS drive?", "How do I share a folder with my accountant?", "How many people can be on the family plan?",
    "If I delete my account can I get my files back later?", "Is my data encrypted?", "My laptop says BW-403 after I reinstalled Windows.",
    "hi, backup stuck at 99% since yesterday??", "Can I change the day my plan renews?",
  ]);
}
