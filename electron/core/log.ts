// The core's log. Messages never carry secrets: callers log names and ids, not values, and
// redact() masks anything that looks like a credential before it is written.
const SECRET_KEYS = /(pass(word|phrase)?|secret|token|api[-_]?key|integration[-_]?code|authorization|private[-_]?key)/i;

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : redact(v)]));
  }
  return value;
}

function write(level: 'info' | 'warn' | 'error', message: string, detail?: unknown): void {
  if (process.env.POINTAGE_LOG === 'silent') return;
  const extra = detail instanceof Error ? ` ${detail.name}: ${detail.message}` : detail === undefined ? '' : ' ' + JSON.stringify(redact(detail));
  process.stderr.write(`[${level}] ${message}${extra}\n`);
}

export const logger = {
  info: (message: string, detail?: unknown) => write('info', message, detail),
  warn: (message: string, detail?: unknown) => write('warn', message, detail),
  error: (message: string, detail?: unknown) => write('error', message, detail),
};
