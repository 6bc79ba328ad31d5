// Keeps secrets out of transcripts: the API key must never reach disk, even when a tool echoed it or the
// model quoted it. Applied to every entry just before it is written.

const API_KEY_PATTERN = /sk-ant-[A-Za-z0-9_-]+/g;
/** `ANTHROPIC_API_KEY=...`, `GITHUB_TOKEN: ...` inside free text (a Bash command, a file's contents). */
const ENV_ASSIGNMENT = /\b([A-Z][A-Z0-9_]*(?:API_KEY|_KEY|TOKEN|SECRET|PASSWORD|PASSWD)[A-Z0-9_]*)(\s*[=:]\s*)("[^"\n]*"|'[^'\n]*'|[^\s"']+)/g;
/** Object keys whose value is a secret. Upper-case env names only, so `input_tokens` is left alone. */
const SECRET_ENV_KEY = /^[A-Z][A-Z0-9_]*(?:API_KEY|_KEY|TOKEN|SECRET|PASSWORD|PASSWD)[A-Z0-9_]*$/;
const SECRET_PROP_KEY = /^(?:api[_-]?key|x-api-key|authorization|auth[_-]?token|access[_-]?token|password|secret)$/i;

export const REDACTED = '[redacted]';

export function isSecretKey(key: string): boolean {
  return SECRET_ENV_KEY.test(key) || SECRET_PROP_KEY.test(key);
}

export function scrubString(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 8 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out.replace(API_KEY_PATTERN, REDACTED).replace(ENV_ASSIGNMENT, (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`);
}

/** A deep copy with secret-looking values replaced; the input is not changed. */
export function scrubSecrets<T>(value: T, secrets: readonly string[] = []): T {
  return scrubValue(value, secrets) as T;
}

function scrubValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return scrubString(value, secrets);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, secrets));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      out[key] = isSecretKey(key) && typeof v === 'string' && v !== '' ? REDACTED : scrubValue(v, secrets);
    }
    return out;
  }
  return value;
}

/** The secret values of this process's environment that must never be written. */
export function secretsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(env)) if (value && value.length >= 8 && isSecretKey(key)) out.push(value);
  return out;
}
