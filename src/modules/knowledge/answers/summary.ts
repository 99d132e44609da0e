import type { Config } from "../../../config";
import type { AnswerPassage } from "./engine";

/** A summary longer than this is cut (a provider that rambles does not push the passages off the page). */
const MAX_SUMMARY_LENGTH = 1200;

type ChatResponse = { choices?: { message?: { content?: unknown } }[] };

/**
 * Asks the optional OpenAI-compatible provider to re-phrase an answer around the cited passages only. Returns
 * undefined when no provider is configured, when it fails, answers badly or takes longer than its timeout: the
 * passages are the answer, a summary is only a convenience, so no error ever reaches the asker.
 */
export async function summariseAnswer(config: Pick<Config, "answersProvider">, question: string, passages: readonly AnswerPassage[], locale: string): Promise<string | undefined> {
  const provider = config.answersProvider;
  if (!provider || passages.length === 0) return undefined;
  const language = locale === "ru" ? "Russian" : "English";
  const sources = passages.map((passage, index) => `[${index + 1}] ${passage.title} — ${passage.heading}\n${passage.passage}`).join("\n\n");
  const body = {
    model: provider.model,
    temperature: 0,
    max_tokens: 300,
    messages: [
      {
        role: "system",
        content:
          `You answer questions for a convention secretariat's website in ${language}. Use ONLY the numbered passages given; ` +
          "do not add facts, figures or advice that are not in them. Cite passages as [1], [2], [3]. " +
          "If the passages do not answer the question, reply with an empty message. At most three sentences.",
      },
      { role: "user", content: `Question: ${question}\n\nPassages:\n${sources}` },
    ],
  };
  try {
    const response = await fetch(provider.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(provider.apiKey ? { authorization: `Bearer ${provider.apiKey}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(provider.timeoutMs),
    });
    if (!response.ok) return undefined;
    const data = (await response.json()) as ChatResponse;
    const content = data.choices?.[0]?.message?.content;
    if (typeof content !== "string") return undefined;
    const text = content.trim();
    return text ? text.slice(0, MAX_SUMMARY_LENGTH) : undefined;
  } catch {
    // Timeout, refused connection, bad JSON: the answer is shown without a summary.
    return undefined;
  }
}
