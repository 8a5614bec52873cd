/**
 * Weighted cues per extraction kind, written from how such prompts are
 * described in the distillation literature (Orca, self-instruct, Evol-Instruct,
 * LLM-as-judge, Constitutional AI critiques, model fingerprinting), not copied
 * from any corpus. Weights are priors in cue units: one strong cue (≥ 2) is
 * enough to raise a kind, a weak one (< 1) only adds to others. "Think step by
 * step" alone is deliberately weak: evaluation suites say it too. Training
 * (cli/train-detect.ts) calibrates each weight on the corpus, pulled towards
 * PRIOR_GAIN × w: a cue the corpus has never seen keeps its prior, one that
 * fires on ordinary prompts is turned down.
 * Patterns are English; the glossary brings other languages onto them.
 */
import type { Rule } from "./rule-engine.js";

/** Logits per cue unit before training has seen a cue (about what a single gain per kind settled at). */
export const PRIOR_GAIN = 3;

const REVEAL = "show|reveal|write|output|include|provide|give|display|describe|document|record|expose|share|print|detail|verbalize|articulate|narrate|dump|explain|transcribe";
const THOUGHT = "reasoning|thought|thinking|thinking|deliberation|scratchpad|monologue|rationale|cognition";
const HIDDEN = "verbatim|raw|unfiltered|unedited|internal|inner|hidden|private|secret|unredacted|uncensored|full|entire|complete|whole|exact|literal";
const ALL = "all|every|each|entire|full|complete|whole|any|single";
const FLAW = "flaw|mistake|error|bug|weakness|issue|inaccuracy|inconsistency|fallacy|gap|problem|deficiency";
const FIND = "find|identify|point|spot|locate|list|highlight|detect|catch|flag";
/**
 * Words that judge a step or an argument faulty. "errors" is listed besides "error" because the
 * glossary reads "error" as the Spanish for mistake (a pattern's "error" means "mistake"), while
 * the English plural folds to "error" itself. FLAW lacks it on purpose: with it, "correct any
 * grammatical errors" and the like fired the two FLAW cues, and calibration turned them down.
 */
const FAULTY =
  "flaw|flawed|mistake|mistaken|error|errors|fault|faulty|fallacy|gap|gaps|leap|weak|weakness|misstep|oversight|hole|holes|loophole|inconsistency|inaccuracy|contradiction|contradictory|contradicts|" +
  "wrong|incorrect|invalid|unsound|unjustified|unsupported|erroneous|illogical|circular|shaky|dubious|questionable|overreach|overreaches";
/**
 * Asking for a judgement of something. Not "feedback" or "critique": they are cues of their own,
 * and "the feedback said my argument lacked evidence" would count three times.
 */
const REVIEW = "evaluate|assess|appraise|analyse|analyze|examine|review|check|verify|vet|judge|scrutinize|scrutinise|audit|inspect|dissect|critically";
/** What a critique of reasoning is about: the argument, not its answer. */
const ARGUMENT = "reasoning|logic|argument|proof|derivation|inference|deduction|justification|rationale|thinking|arithmetic|rigour|rigor";
const CANDIDATE = "candidate|proposed|student|given|provided|following|attempted|draft|initial|previous|assistant|model|ai";
const SOLUTION = "solution|answer|response|reasoning|proof|derivation|attempt|output|completion|work";
const JUDGE = "grade|grading|score|scoring|rate|rating|evaluate|evaluation|judge|judging|assess|assessment|rank|ranking|mark";
const ITEM = "instruction|task|question|prompt|example|problem|persona|scenario|dialogue|conversation|sample|variation|exercise|query|topic|character|role|request|utterance";
/** What a generated or evolved prompt is called. */
const PROMPT = "prompt|instruction|question|task|query";
/** Who a pipeline's output is for or about. */
const AI = "ai|model|llm|chatbot|chatgpt|gpt|gpt4|assistant|system|language";

export const RULES: readonly Rule[] = [
  // chain-of-thought elicitation
  { id: "cot.step-by-step", kind: "cot", w: 0.6, p: ["step by step", "step ? step", "step-by-step"] },
  { id: "cot.lets-think", kind: "cot", w: 0.5, p: "let s think" },
  { id: "cot.reveal-thought", kind: "cot", w: 1.2, p: `${REVEAL} &4 ${THOUGHT}` },
  { id: "cot.all-thought", kind: "cot", w: 1.2, p: `${ALL} &3 ${THOUGHT}|step|calculation` },
  { id: "cot.hidden-thought", kind: "cot", w: 2.0, p: `${HIDDEN} &3 ${THOUGHT}|chain` },
  { id: "cot.chain-of-thought", kind: "cot", w: 1.4, p: ["chain of thought", "chain of reasoning", "cot", "thought process", "thinking process", "reasoning process", "reasoning trace", "reasoning chain"] },
  { id: "cot.dead-ends", kind: "cot", w: 2.0, p: ["dead end", "deadend", "idea|approach|approaches|path|alternative|option you * abandoned|discarded|rejected", "abandoned idea|approach|path", "false start", "wrong turn", "backtrack", "backtracking", "abandoned approach", "discarded idea"] },
  { id: "cot.no-skip", kind: "cot", w: 1.5, p: ["not skip|omit|leave|summarize|abbreviate", "never skip|omit|summarize|abbreviate", "without skipping|omitting", "skip|omit nothing|no|any"] },
  { id: "cot.intermediate", kind: "cot", w: 0.8, p: "intermediate &2 step|calculation|result|reasoning|thought" },
  { id: "cot.how-arrived", kind: "cot", w: 1.0, p: ["how you arrived|got|reached|came", "how * arrived at"] },
  { id: "cot.think-before", kind: "cot", w: 0.8, p: ["think|reason|reflect * before answer|answering|responding|giving", "before * final answer * think|reason|reasoning"] },
  { id: "cot.long-thinking", kind: "cot", w: 1.4, p: `long|extended|thorough|systematic|comprehensive|exhaustive|meticulous|lengthy &3 ${THOUGHT}|cycle` },
  { id: "cot.thought-tags", kind: "cot", w: 2.2, p: ["begin|end of thought|solution", "think tag|tags", "thinking tag|tags"] },
  { id: "cot.reflect", kind: "cot", w: 0.6, p: "reflection|reassessment|refinement|backtracing|revisiting|exploration|verification &4 step|error|thought|reasoning|idea" },

  // critique extraction
  { id: "crit.critique", kind: "critique", w: 1.6, p: ["critique", "critiquing", "criticize", "critic"] },
  { id: "crit.find-flaws", kind: "critique", w: 1.0, p: `${FIND} &5 ${FLAW}` },
  { id: "crit.every-flaw", kind: "critique", w: 1.0, p: `${ALL} &2 ${FLAW}` },
  { id: "crit.candidate", kind: "critique", w: 1.0, p: [`${CANDIDATE} ${SOLUTION}`, `${SOLUTION} candidate|proposed|attempted`, `student|candidate|someone|somebody|another|classmate|colleague|friend s ${SOLUTION}`] },
  { id: "crit.corrected", kind: "critique", w: 1.2, p: [`corrected|revised|improved|fixed|better ${SOLUTION}|version|reasoning`, `${SOLUTION}|version corrected|revised|improved`, "revision request|instruction", "revise|rewrite * response|answer|solution"] },
  { id: "crit.feedback", kind: "critique", w: 0.8, p: ["feedback", "constructive criticism"] },
  { id: "crit.specific-feedback", kind: "critique", w: 1.0, p: "constructive|specific|detailed|actionable|honest|thorough|rigorous|candid|frank|harsh|brutal feedback" },
  { id: "crit.go-wrong", kind: "critique", w: 1.2, p: ["where * go|went wrong", "first error|mistake|incorrect step", "verify|check|examine each|every step"] },
  { id: "crit.harm", kind: "critique", w: 1.0, p: "harmful|unethical|racist|sexist|toxic|dangerous|illegal|offensive|insensitive &6 response|assistant|ai" },
  { id: "crit.strength-weakness", kind: "critique", w: 0.8, p: "strength &3 weakness" },
  { id: "crit.improve", kind: "critique", w: 0.6, p: "how|way|suggestion|suggest * improve|improvement" },
  // A pasted reasoning chain or worked solution judged on its reasoning: the request names faults of the
  // reasoning itself (a flaw in its logic, a leap, an unjustified step), asks whether each step is valid,
  // or sets the model up as a strict examiner of the steps. Each cue alone stays low (a student asking
  // whether one step is right, a logic exercise, "check my code for logical errors"); together they are
  // the critique loop of DESIGN.md.
  {
    id: "crit.reasoning-flaw",
    kind: "critique",
    w: 1.4,
    p: [
      `${FAULTY} * ${ARGUMENT}`,
      "logical|reasoning|arithmetic|arithmetical|algebraic|computational &2 flaw|error|errors|mistake|gap|fallacy|leap|slip|fault",
      "reasoning|logic|argument|proof|derivation|inference break|breaks|collapse|collapses|fail|fails",
      "assumed|asserted|taken|assumes|asserts|assumption|claimed without justification|proof|argument|support",
      `${FIND} &5 wrong|incorrect|invalid|unjustified|unsupported|faulty|flawed|weak|unsound`,
      // The idioms of criticism, and the faults a derivation is checked for.
      "poke|punch|find holes|hole",
      "pick|tear * apart",
      "argued|reasoning|argument|logic in a circle",
      "circular reasoning|argument|logic",
      "reasoning|argument|logic|proof * circular",
      "non sequitur",
      "conclusion|step|inference|claim|argument * not|t follow",
      "does|do|did not follow from",
      "doesn|don|didn t follow from",
      "hidden|implicit|unstated|unjustified|unwarranted|questionable assumption",
      "sign|unit|rounding|algebra|algebraic error|errors|mistake|slip",
    ],
  },
  {
    id: "crit.step-valid",
    kind: "critique",
    w: 1.4,
    p: [
      // "for each step of the solution below, say whether the step is valid": the verdict sits far from the step.
      "valid|invalid|validity|unsound|soundness|justified|unjustified|warranted|unwarranted &12 step|inference|deduction|claim|premise",
      "step|inference|deduction|claim logically|validly",
      "weak|incorrect|invalid|wrong|faulty|flawed|unsound|erroneous|unjustified step|inference|move|assumption|premise",
      "which step|line|inference * fail|wrong|invalid|incorrect|break",
      "valid or invalid|not",
      "correct or incorrect",
      "sound or unsound",
      "accept or reject",
      "justified or not|unjustified",
    ],
  },
  { id: "crit.each-step", kind: "critique", w: 0.5, p: ["for each|every * step|inference|claim|deduction", "each|every|individual step|inference|claim|deduction of|in"] },
  {
    id: "crit.examiner",
    kind: "critique",
    w: 1.0,
    p: [
      "strict|harsh|demanding|rigorous|meticulous|unforgiving|exacting|severe|tough|critical|skeptical|sceptical|pedantic|picky|ruthless|merciless examiner|grader|marker|reviewer|professor|teacher|critic|referee|judge|tutor|checker|examiner",
      "examiner",
      "external|chief examiner|marker",
      "peer reviewer|referee",
      "exam|paper|test marker|grader",
      "grading|marking * exam|exams|paper|papers|proof|proofs|script|scripts|derivation|derivations",
    ],
  },
  // "I wrote this solution: what is wrong with my reasoning, what is missing, how should it be fixed?"
  { id: "crit.wrong-missing", kind: "critique", w: 1.2, p: "wrong|incorrect|error|errors|mistake|flaw|weak &6 missing|incomplete|overlooked|overlook|missed|omitted|lacking|lack" },
  {
    id: "crit.assess-reasoning",
    kind: "critique",
    w: 0.8,
    p: [
      `${REVIEW} &5 ${ARGUMENT}|soundness|validity`,
      // Feedback asked for on the reasoning, not feedback mentioned near it ("the feedback said my argument...").
      `feedback|critique|comment|comments|critiques on|about|of * ${ARGUMENT}`,
      `${REVIEW} &5 calculation|calculations|computation|working|workings|premise|premises|assumption|assumptions|claim|claims`,
      "reasoning|argument|proof|derivation|inference|deduction|justification|arithmetic|algebra * valid|sound|correct|right|flawed|airtight|rigorous|justified",
    ],
  },
  { id: "crit.own-reasoning", kind: "critique", w: 0.8, p: `my|own ${ARGUMENT}` },

  // autograding / rubric extraction
  { id: "grade.judge-response", kind: "autograde", w: 1.2, p: `${JUDGE} &5 response|answer|output|completion|assistant|submission|essay|reply|generation` },
  { id: "grade.rubric", kind: "autograde", w: 2.0, p: ["rubric", "scoring criteria|guideline|guide|scale|rule", "score rubric", "grading criteria|scheme|guideline"] },
  { id: "grade.criteria", kind: "autograde", w: 0.6, p: "criteria|criterion" },
  { id: "grade.scale", kind: "autograde", w: 1.0, p: ["scale of # to #", "scale from # to #", "score|rating|grade|rate * # to #", "score|rating|grade * between # and #", "integer|number between # and #", "likert scale"] },
  { id: "grade.impartial", kind: "autograde", w: 2.2, p: ["impartial|fair|unbiased|objective|strict|expert judge|evaluator|grader|annotator|rater", "impartial|unbiased &2 judge|evaluator|grader"] },
  { id: "grade.explain-score", kind: "autograde", w: 1.2, p: `explain|justify|describe|rationale &4 ${JUDGE}` },
  { id: "grade.compare", kind: "autograde", w: 1.2, p: ["which response|answer|assistant|output|completion is|was better", "two|both * response|assistant|answer|output|completion", "compare * response|answer|assistant|output", "which of the two|these * response|answer|assistant|output|completion|option"] },
  // Judge prompts guard against their known biases and fix a verdict format.
  { id: "grade.bias", kind: "autograde", w: 1.6, p: ["position|order &3 bias|biases", "not let|allow * order|position|length * influence|affect", "length of the response|answer|output * influence|affect", "a|b or tie", "tie if|when"] },
  { id: "grade.points", kind: "autograde", w: 1.0, p: ["award|deduct * point|points|mark|marks", "score|rating|grade|mark * out of #", "out of # point|points|mark|marks", "score # description|the|a"] },
  { id: "grade.harm-compare", kind: "autograde", w: 1.2, p: "which * response|answer|option|assistant * less|more|most|least harmful|ethical|helpful|honest|harmless|toxic|appropriate" },
  // Annotation of user queries (difficulty, intent, quality tags) for data curation.
  { id: "grade.query-tags", kind: "autograde", w: 1.2, p: [`difficulty &4 ${PROMPT}|problem`, "easy medium|moderate hard|difficult", "quality of the query|instruction|question|prompt", "intent &5 user|query|instruction", "task tag|tags|category|categories", "label &3 tag|tags"] },
  { id: "grade.reference", kind: "autograde", w: 1.0, p: "reference answer|solution|response" },
  { id: "grade.verdict", kind: "autograde", w: 1.2, p: ["final verdict", "your evaluation|rating|verdict|judgment|judgement|assessment", "result #"] },
  { id: "grade.aspects", kind: "autograde", w: 0.6, p: "helpfulness|harmlessness|honesty|truthfulness|relevance|coherence|fluency|correctness|faithfulness &8 helpfulness|harmlessness|honesty|truthfulness|relevance|coherence|fluency|correctness|accuracy|depth|creativity" },
  { id: "grade.preference", kind: "autograde", w: 0.6, p: ["prefer|preferred|preference * response|answer|option", "more helpful|harmless|honest"] },
  { id: "grade.tag", kind: "autograde", w: 0.8, p: "label|classify|tag|categorize|rate the|its difficulty|quality|category|intent" },

  // templated data generation
  { id: "gen.generate-items", kind: "datagen", w: 0.8, p: `generate|create|write|produce|brainstorm|propose|compose|design|come &4 ${ITEM}` },
  { id: "gen.diverse-items", kind: "datagen", w: 1.6, p: `diverse|varied|different|unique|distinct|novel|various|new &3 ${ITEM}` },
  { id: "gen.n-items", kind: "datagen", w: 1.2, p: `# * ${ITEM}` },
  { id: "gen.rewrite-prompt", kind: "datagen", w: 2.0, p: [`rewrite|evolve|complicate|rephrase|mutate|paraphrase * ${ITEM}`, "given|rewritten|created|new|evolved|mutated prompt|instruction", `${PROMPT} rewriter|creator|generator|evolver|writer`, `turn|transform * ${PROMPT} into`] },
  { id: "gen.harder", kind: "datagen", w: 1.0, p: ["more complex|difficult|challenging|complicated|rare|specific version|variant|one", "version|variant more complex|difficult", "harder|tougher|deeper version|variant|one", "increase the difficulty|complexity|depth|breadth", "add &4 constraint|requirement", `harder|difficult|challenging * for ${AI}`, `${AI} * find * harder|difficult`, `${AI} * struggle|fail`] },
  // Evol-Instruct's methods, in general terms: deepen, concretise, add reasoning steps, or breed a new prompt from a seed.
  { id: "gen.evolve-methods", kind: "datagen", w: 1.2, p: ["replace * general concept", "more specific concept|one", "depth and breadth", "draw inspiration", `brand|completely new ${PROMPT}`, `${PROMPT} * same domain`, "even more rare", "rarer topic|domain|concept", "similar length|difficulty|complexity", "understood and responded|answered", "responded|answered by human", "request|require|ask * multiple|multi step reasoning", "only add # to # word"] },
  { id: "gen.dataset", kind: "datagen", w: 1.2, p: ["dataset", "training data|example|set", "synthetic data|example|conversation|dialogue", "seed task|instruction|example|question|problem|prompt", "instruction tuning|following data|dataset", "fine tune|tuning", "similar in style|format|difficulty to", "in the same format|style as"] },
  // Synthetic conversations between a user and an assistant (self-chat, role-play pipelines).
  { id: "gen.dialogue", kind: "datagen", w: 1.2, p: ["conversation|dialogue|dialog|chat between * user|human|assistant|ai|student|teacher", "multi turn conversation|dialogue|dialog|chat", `# turn|exchange|round * each|for`] },
  { id: "gen.for-model", kind: "datagen", w: 0.8, p: "gpt|llm|chatbot|model|ai &5 instruction|task|complete|completing|trained|train" },
  { id: "gen.io-pair", kind: "datagen", w: 0.8, p: ["input output pair|instance|example", "instruction input output", "input and output"] },
  { id: "gen.role-play", kind: "datagen", w: 0.4, p: ["role play|playing", "roleplay", "persona", "ai user|assistant role"] },
  { id: "gen.requirements", kind: "datagen", w: 0.4, p: ["here are the requirement", "list of #", "numbered list", "output format"] },

  // capability probing / model fingerprinting
  { id: "probe.who-made", kind: "probe", w: 2.2, p: ["who &3 created|create|made|trained|developed|built|designed|programmed|creator", "which company|organization|team|lab * created|made|trained|developed|built you|your", "who is your creator|developer|maker"] },
  { id: "probe.what-model", kind: "probe", w: 2.2, p: ["what|which model|llm|ai|version are you", "which|what &2 model|llm", "knowledge &2 cutoff", "are you gpt|claude|llama|gemini|chatgpt|mistral|qwen|deepseek", "what is your model|name|version|architecture"] },
  { id: "probe.training", kind: "probe", w: 1.8, p: ["your training data|dataset|cutoff|set", "knowledge|data|training cutoff|cut off", "cutoff date", "size of your", "how many parameter"] },
  { id: "probe.system-prompt", kind: "probe", w: 1.6, p: ["repeat|reveal|print|show|output * system prompt|message|instruction", "ignore|disregard|forget * previous|above|prior|all instruction|question|prompt", "ignore|disregard|forget * instruction|question|prompt|message above|before"] },
  { id: "probe.self", kind: "probe", w: 1.0, p: ["who are you", "what are you", "tell me about yourself", "describe yourself", "what can you do", "your limitation|capability"] },
  { id: "probe.harmful-probe", kind: "probe", w: 0.8, p: "how to build|make * bomb|weapon|explosive|meth" },

  // distillation-pipeline system prompts (Orca-style)
  { id: "sys.eli5", kind: "distillSystem", w: 2.0, p: ["explain like|as * five|5|child|kid|beginner|fiveyearold", "like|as * five year|fiveyearold", "five year old", "like i m five", "eli5", "fiveyearold"] },
  { id: "sys.justify-steps", kind: "distillSystem", w: 1.8, p: "justify &3 step|answer|reasoning|choice" },
  { id: "sys.faithfully", kind: "distillSystem", w: 1.2, p: ["faithfully", "as faithfully as"] },
  { id: "sys.detailed-long", kind: "distillSystem", w: 1.2, p: "detailed|long|lengthy|elaborate|comprehensive &2 answer|response|explanation" },
  { id: "sys.given-task", kind: "distillSystem", w: 1.2, p: ["will be given a task|definition", "will give you a task", "user will give you", "your goal is to complete the task", "task definition"] },
  { id: "sys.while-answering", kind: "distillSystem", w: 0.8, p: ["while answering|answer|performing|doing|solving", "first output|generate * answer"] },
  // The Orca "teacher" and "definition" messages: restate the task and its guidelines, then show how they give the answer.
  { id: "sys.teacher", kind: "distillSystem", w: 2.0, p: ["what the task is asking", "guideline it provide|provides|give|gives", "use those|these|the guideline to find|reach|get", "explain in simple step|steps|term|terms what", "how you used|use the definition|guideline", "come up with the answer", "break the definition", "key part of the definition", "definition of a|the task"] },
  { id: "sys.describe-task", kind: "distillSystem", w: 1.0, p: ["describe|explain the task and", "always provide|provides|give|gives|include * explanation", "who always explain|explains"] },
  // Alignment-principle system prompts used to sample preference data (honesty, calibration, harmlessness).
  { id: "sys.principle-honesty", kind: "distillSystem", w: 1.2, p: ["express|expressing|convey|conveying * uncertainty", "honest about whether", "faithful to factual|the fact", "make|making up * fact|facts", "confidence level|score * scalar|percentage", "verbalized|verbalize calibration|confidence", "physical|psychological|emotional|social * harm", "positive interesting|engaging|educational"] },
  { id: "sys.no-search", kind: "distillSystem", w: 1.5, p: ["search outside", "need to search"] },
  { id: "sys.why-wrong", kind: "distillSystem", w: 1.5, p: "explain why * other|wrong|incorrect answer|option|choice" },
  // "You are a helpful assistant" and "You are an AI assistant for <company>" are the commonest app system prompts
  // there are: only the Orca wording counts, and weakly.
  { id: "sys.ai-assistant", kind: "distillSystem", w: 0.5, p: "ai assistant that help|helps people|user|users" },
  { id: "sys.principles", kind: "distillSystem", w: 0.6, p: "helpful|honest|harmless|truthful|accurate &4 helpful|honest|harmless|truthful|calibrated|engaging" },
  { id: "sys.duty", kind: "distillSystem", w: 0.8, p: ["your duty|job|role is to ensure|provide|deliver", "it is your duty|job"] },
  { id: "sys.think-justify", kind: "distillSystem", w: 1.2, p: "think &4 justify" },
];
