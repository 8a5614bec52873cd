/** Vocabulary for the simulator's own text templates (written for this project). */

export const NAMES = [
  "Aisha", "Ben", "Carlos", "Dana", "Elif", "Farah", "Gustav", "Hana", "Ivan", "Jules", "Kofi", "Lena",
  "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Ximena",
  "Yusuf", "Zoe", "Amara", "Bruno", "Chloe", "Dmitri", "Esme", "Felix", "Greta", "Hiro", "Ines", "Jonas",
  "Kai", "Leila", "Marco", "Noor", "Oskar", "Paula", "Rafael", "Sakura", "Tomas", "Valentina", "Wiktor", "Yara",
] as const;

export const ITEMS = [
  ["notebook", "notebooks"], ["pencil", "pencils"], ["apple", "apples"], ["ticket", "tickets"],
  ["sandwich", "sandwiches"], ["candle", "candles"], ["book", "books"], ["plant", "plants"],
  ["cupcake", "cupcakes"], ["bottle of juice", "bottles of juice"], ["shirt", "shirts"], ["puzzle", "puzzles"],
  ["bag of rice", "bags of rice"], ["movie ticket", "movie tickets"], ["bus pass", "bus passes"], ["lamp", "lamps"],
] as const;

export const CITIES = [
  "Lyon", "Porto", "Kraków", "Osaka", "Austin", "Leeds", "Pune", "Curitiba", "Gothenburg", "Valencia",
  "Denver", "Utrecht", "Busan", "Adelaide", "Montreal", "Nairobi", "Bologna", "Tallinn", "Dresden", "Halifax",
] as const;

export const LANGS = ["Python", "TypeScript", "JavaScript", "Go", "Rust", "Java", "C++", "C#", "Kotlin", "Ruby", "Swift", "SQL"] as const;

export const FRAMEWORKS = [
  "React", "Vue", "Svelte", "Django", "FastAPI", "Flask", "Express", "Hono", "Spring Boot", "Rails",
  "Next.js", "Laravel", "ASP.NET Core", "Gin", "Axum", "Phoenix",
] as const;

export const TECH = [
  "Kubernetes", "Docker", "PostgreSQL", "Redis", "Kafka", "Terraform", "GitHub Actions", "nginx",
  "SQLite", "Elasticsearch", "RabbitMQ", "gRPC", "GraphQL", "WebSockets", "OAuth 2.0", "S3",
] as const;

export const CONCEPTS = [
  "compound interest", "the difference between TCP and UDP", "how vaccines train the immune system",
  "inflation", "photosynthesis", "public-key cryptography", "the Monty Hall problem", "black holes",
  "how a mortgage amortisation schedule works", "the causes of the First World War", "CRISPR",
  "the electoral college", "how noise-cancelling headphones work", "Bayes' theorem", "plate tectonics",
  "how a compiler works", "the stock market", "the greenhouse effect", "supply and demand",
  "how GPS works", "recursion", "the placebo effect", "quantum entanglement", "how credit scores work",
  "the Krebs cycle", "impressionism", "the French Revolution", "how search engines rank pages",
] as const;

export const AUDIENCES = ["a 10-year-old", "a high-school student", "my grandmother", "a new hire", "a non-technical manager", "an expert"] as const;

export const TASKS = [
  "make sourdough bread", "fix a leaking tap", "negotiate a raise", "plan a week in Japan",
  "start running without getting injured", "prepare for a job interview", "organise my garage",
  "learn to touch type", "set up a budget spreadsheet", "write a wedding toast", "train my puppy to sit",
  "repot a fiddle-leaf fig", "get better sleep", "learn Spanish in six months", "meal-prep for a week",
  "ask my landlord to fix the heating", "choose a laptop for video editing", "back up my photos",
] as const;

export const DOCS = [
  "a cover letter", "a resignation letter", "a product description", "a birthday message", "a LinkedIn post",
  "a complaint email", "a short story opening", "a project status update", "meeting notes", "a poem",
  "a blog post introduction", "an apology email", "a README", "a grant abstract", "a toast",
] as const;

export const TOPICS = [
  "remote work", "climate adaptation", "urban cycling", "home composting", "open-source licences",
  "electric cars", "microbiomes", "the history of tea", "space tourism", "board games", "minimalism",
  "museum funding", "four-day work weeks", "vertical farming", "jazz improvisation", "ocean plastics",
] as const;

export const SUBJECTS = ["physics", "chemistry", "biology", "economics", "history", "statistics", "linear algebra", "calculus", "algorithms", "philosophy"] as const;

/** Sentence fragments for synthetic assistant turns (kept generic on purpose). */
export const REPLY_OPENERS = [
  "Sure — here's a clear way to think about it.", "Good question.", "Here's a step-by-step approach.",
  "Short answer: it depends on a couple of things.", "Let's break this down.", "Here is a draft you can adapt.",
  "There are a few options, each with trade-offs.", "Happy to help with that.",
] as const;

export const REPLY_SENTENCES = [
  "The key idea is to separate what changes from what stays the same.",
  "Start with the simplest version and only add complexity when you need it.",
  "In practice, most people find the second option easier to maintain.",
  "You can check the result by plugging the numbers back into the original equation.",
  "If you share more details, I can tailor this further.",
  "One common mistake is to skip the validation step.",
  "This works because each step reduces the problem to a smaller one.",
  "The trade-off is a little more memory in exchange for much faster lookups.",
  "Keep the tone friendly but direct, and end with a clear next step.",
  "A good rule of thumb is to test the edge cases first: empty input, one element, and very large input.",
  "Note that the exact figures vary by region and year.",
  "If that doesn't work, the next thing to check is the configuration file.",
  "Here the total comes out to the value computed in the last line.",
  "Both approaches are valid; pick the one your team already knows.",
  "I'd recommend writing this down as a checklist so it's repeatable.",
] as const;
