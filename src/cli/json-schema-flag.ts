// `--json-schema SCHEMA`: the JSON text becomes the StructuredOutput tool's schema and the check of each answer.
// Everything that is wrong with the text is said before any request is sent. The validator (ajv) is loaded only
// when the flag is given: it is not needed otherwise, and costs startup time.
import type { StructuredOutputSpec } from '../engine/structured-output';
import { StartupError } from './bootstrap-errors';

type ErrorLike = { instancePath: string; message?: string; params?: Record<string, unknown> };

export async function structuredOutputFromFlag(text: string): Promise<StructuredOutputSpec> {
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (error) {
    throw new StartupError(`--json-schema is not valid JSON: ${(error as Error).message}`);
  }
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new StartupError('--json-schema must be a JSON Schema object, for example {"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"]}');
  }
  const root = schema as Record<string, unknown>;
  // The answer is a tool's input, and the API takes only object schemas there.
  if (root.type !== 'object') {
    throw new StartupError(`--json-schema: the schema must describe an object ("type": "object" at the top; got ${JSON.stringify(root.type ?? null)}); put other values in one of its properties`);
  }
  const validate = await compile(root);
  return {
    schema: root,
    check: (value) => (validate(value) ? null : describeErrors(validate.errors ?? [])),
  };
}

async function compile(schema: Record<string, unknown>): Promise<((value: unknown) => boolean) & { errors?: ErrorLike[] | null }> {
  const dialect = typeof schema.$schema === 'string' ? schema.$schema : '';
  // Each draft's keywords differ; the schema's own $schema picks the validator (draft-07 when it names none).
  const mod = dialect.includes('2020-12') ? await import('ajv/dist/2020') : dialect.includes('2019-09') ? await import('ajv/dist/2019') : await import('ajv');
  const Ajv = (mod as unknown as { default: typeof import('ajv').default }).default;
  // strict: false: keywords ajv does not know (descriptions in other vocabularies, "examples") are not errors.
  const ajv = new Ajv({ allErrors: true, strict: false });
  try {
    return ajv.compile(schema);
  } catch (error) {
    throw new StartupError(`--json-schema is not a valid JSON Schema: ${(error as Error).message}`);
  }
}

/** `/name: must be string`, one clause per problem (a few: the model needs the first ones, not fifty). */
function describeErrors(errors: ErrorLike[]): string {
  const parts = errors.slice(0, 8).map((e) => {
    const where = e.instancePath || '/';
    const extra = typeof e.params?.additionalProperty === 'string' ? ` (${e.params.additionalProperty})` : '';
    return `${where}: ${e.message ?? 'does not match'}${extra}`;
  });
  if (errors.length > 8) parts.push(`and ${errors.length - 8} more`);
  return parts.length > 0 ? parts.join('; ') : 'the value does not match the schema';
}
