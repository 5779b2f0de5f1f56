/** Server-sent events as tests and benchmarks read them: `event:` names with JSON `data:`. */

export interface SseMessage {
  type: string;
  data: Record<string, any>;
}

/**
 * The messages of a `text/event-stream` body, in order, as their blocks complete; ends with the
 * stream (aborting its request ends it too).
 */
export async function* sseMessages(body: NonNullable<Response['body']>): AsyncGenerator<SseMessage> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const type = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (type && data) yield { type, data: JSON.parse(data) };
    }
  }
}
