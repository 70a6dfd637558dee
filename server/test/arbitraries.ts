import fc from 'fast-check';
import type { JsonSchema } from './openapi.js';

/**
 * fast-check arbitraries for the fuzz test (server/http/fuzz.test.ts): values that fit a JSON
 * schema of the OpenAPI document (mostly), values that almost fit, and the odd input an attacker
 * sends.
 */

/** Strings that break naive code: lone surrogates, NUL, bidi controls, ZWJ sequences, combining marks. */
export const ODD_STRINGS: readonly string[] = [
  '\uD800',
  'a\uDC00b',
  '\u0000',
  'nul\u0000inside',
  '\u202Egnp.exe',
  '\u2066isolate\u2069',
  '\u200F\u200E',
  '👩‍👩‍👧‍👦',
  '🏳️‍🌈🧑🏽‍💻',
  'e\u0301\u0301\u0301',
  '\uFEFF',
  '\uFFFF\uFFFE',
  '\\',
  '"',
  "'; DROP TABLE users; --",
  '%',
  '%00',
  '${7*7}',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  ' ',
  '',
];

export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...ODD_STRINGS),
  fc.array(fc.constantFrom(...ODD_STRINGS), { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** Values an id can be that are not ids: the path and encoding tricks of a URL. */
export const PATH_TRICKS: readonly string[] = [
  '..%2F..%2Fadmin',
  '..%2f',
  '..',
  '.',
  '%2e%2e',
  '%00',
  'abc%00def',
  '%',
  '%zz',
  '%2',
  '%252F',
  '%2F',
  '%C0%AF',
  '%FF%FE',
  '%E2%80%AE',
  'a'.repeat(65),
  'a'.repeat(101),
  'a'.repeat(5000),
  'A'.repeat(22),
  'x%20y',
  '+',
  '*',
  '~',
  'null',
  'undefined',
  '0',
  '-1',
  '1e999',
  'true',
  '[]',
  '{}',
  '%7B%7D',
  '__proto__',
  'constructor',
];

export const pathTrick: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PATH_TRICKS),
  oddString.map((s) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, 'x'))),
  fc.string({ maxLength: 80 }).map((s) => encodeURIComponent(s)),
);

const RFC3339 = fc.date({ min: new Date('1970-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString());

export interface ValueContext {
  /** Ids that exist on the instance, so that a generated body reaches past "not found". */
  ids: readonly string[];
  emails: readonly string[];
  /** What a `uri` field gets: addresses that answer quickly (the test's own servers, a closed port). */
  uris: readonly string[];
  /** The models the test's model server offers. */
  models: readonly string[];
}

function idLike(name: string): boolean {
  return /(^id$|Id$|Ids$|^owner$|^cursor$)/.test(name);
}

/** A value that fits `schema`, reaching for real ids, emails and addresses where the field calls for one. */
export function valueOf(schema: JsonSchema, context: ValueContext, name = '', depth = 0): fc.Arbitrary<unknown> {
  const value = bareValueOf(schema, context, name, depth);
  return schema.nullable === true ? fc.oneof({ arbitrary: value, weight: 4 }, { arbitrary: fc.constant(null), weight: 1 }) : value;
}

function bareValueOf(schema: JsonSchema, context: ValueContext, name: string, depth: number): fc.Arbitrary<unknown> {
  if (schema.enum !== undefined && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices !== undefined && choices.length > 0) return fc.oneof(...choices.map((c) => valueOf(c, context, name, depth)));
  if (schema.allOf?.[0] !== undefined) return valueOf(schema.allOf[0], context, name, depth);
  switch (schema.type) {
    case 'object':
      return objectOf(schema, context, depth);
    case 'array': {
      const items = schema.items ?? {};
      const itemName = name.endsWith('Ids') ? 'id' : name.endsWith('Emails') ? 'email' : name;
      return fc.array(valueOf(items, context, itemName, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 8, depth > 2 ? 2 : 8),
      });
    }
    case 'string':
      return stringOf(schema, context, name);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case undefined:
      return fc.jsonValue({ maxDepth: 3 });
  }
}

function objectOf(schema: JsonSchema, context: ValueContext, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  if (Object.keys(properties).length === 0) return fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, property] of Object.entries(properties)) model[key] = valueOf(property, context, key, depth + 1);
  return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in properties) });
}

function stringOf(schema: JsonSchema, context: ValueContext, name: string): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 200, 200);
  const fits = (s: string) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity);
  if (schema.format === 'date-time') return RFC3339;
  if (schema.format === 'uri') return fc.constantFrom(...context.uris);
  if (name === 'email' || name.endsWith('Email')) {
    return fc.oneof(fc.constantFrom(...context.emails), fc.emailAddress(), oddString);
  }
  if (name === 'model' && context.models.length > 0) {
    return fc.oneof({ arbitrary: fc.constantFrom(...context.models), weight: 3 }, { arbitrary: fc.string({ maxLength }), weight: 1 });
  }
  if (idLike(name) && context.ids.length > 0) {
    const patterned = schema.pattern === undefined ? fc.string({ minLength, maxLength }) : fc.stringMatching(new RegExp(schema.pattern));
    return fc.oneof({ arbitrary: fc.constantFrom(...context.ids), weight: 3 }, { arbitrary: patterned, weight: 1 });
  }
  if (schema.pattern !== undefined) return fc.stringMatching(new RegExp(schema.pattern));
  return fc.oneof(
    { arbitrary: fc.string({ minLength, maxLength }), weight: 3 },
    { arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength }), weight: 1 },
    { arbitrary: oddString.filter(fits), weight: 2 },
  );
}

/** A body that almost fits: a field of the wrong type, one missing, one too many, or no object at all. */
export function nearMissOf(schema: JsonSchema, context: ValueContext): fc.Arbitrary<unknown> {
  const valid = valueOf(schema, context);
  const anything = fc.oneof(fc.jsonValue({ maxDepth: 2 }), oddString, fc.constant(null), fc.double(), fc.constant([]), fc.constant({}));
  const properties = Object.keys(schema.properties ?? {});
  const variants: fc.Arbitrary<unknown>[] = [
    anything,
    fc.tuple(valid, fc.string({ minLength: 1, maxLength: 12 }), anything).map(([v, key, extra]) =>
      isObject(v) ? { ...v, [key]: extra } : { [key]: extra },
    ),
  ];
  if (properties.length > 0) {
    variants.push(
      fc.tuple(valid, fc.constantFrom(...properties), anything).map(([v, key, wrong]) => ({ ...(isObject(v) ? v : {}), [key]: wrong })),
      fc.tuple(valid, fc.constantFrom(...properties)).map(([v, key]) =>
        Object.fromEntries(Object.entries(isObject(v) ? v : {}).filter(([k]) => k !== key)),
      ),
    );
  }
  return fc.oneof(...variants);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Nested arrays `levels` deep, as JSON text (built as text: a value that deep breaks JSON.stringify). */
export function deeplyNested(levels: number): string {
  return `${'['.repeat(levels)}${']'.repeat(levels)}`;
}

/** Nested objects `levels` deep, as JSON text. */
export function deeplyNestedObject(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

/** Keys of an export's message tree: few, so that parents, children and cycles point at each other. */
const treeKey = fc.oneof(fc.constantFrom('a', 'b', 'c', 'd', '__proto__', 'constructor', 'toString', ''), oddString);
const epoch = fc.oneof(fc.integer({ min: 0, max: 2_000_000_000 }), fc.double({ noNaN: true }), fc.constant(-1), fc.constant(1e15));

/** ChatGPT's `conversations.json` with a random tree: missing parents, cycles, odd keys and text. */
export const chatGptExport: fc.Arbitrary<unknown> = fc.array(
  fc.record(
    {
      id: fc.oneof(fc.string({ maxLength: 40 }), fc.integer()),
      title: fc.oneof(fc.string({ maxLength: 60 }), oddString, fc.constant(null)),
      create_time: epoch,
      mapping: fc.dictionary(
        treeKey,
        fc.record(
          {
            message: fc.oneof(
              fc.constant(null),
              fc.record(
                {
                  author: fc.record({ role: fc.constantFrom('user', 'assistant', 'system', 'tool', '') }),
                  content: fc.record({
                    content_type: fc.constantFrom('text', 'code', 'thoughts', ''),
                    parts: fc.array(fc.oneof(fc.string({ maxLength: 40 }), oddString, fc.jsonValue({ maxDepth: 1 })), { maxLength: 3 }),
                  }),
                  create_time: epoch,
                  metadata: fc.record({ model_slug: fc.oneof(fc.string({ maxLength: 20 }), fc.constant(null)) }),
                },
                { requiredKeys: ['author', 'content'] },
              ),
            ),
            parent: fc.oneof(treeKey, fc.constant(null)),
            children: fc.array(treeKey, { maxLength: 3 }),
          },
          { requiredKeys: [] },
        ),
        { maxKeys: 6 },
      ),
      current_node: fc.oneof(treeKey, fc.constant(null)),
    },
    { requiredKeys: ['mapping'] },
  ),
  { maxLength: 3 },
);

/** Open WebUI's export with a random tree, as above. */
export const openWebUiExport: fc.Arbitrary<unknown> = fc.array(
  fc.record(
    {
      id: fc.oneof(fc.string({ maxLength: 40 }), fc.integer()),
      title: fc.oneof(fc.string({ maxLength: 60 }), oddString),
      chat: fc.record({
        title: fc.oneof(fc.string({ maxLength: 60 }), oddString),
        history: fc.record({
          messages: fc.dictionary(
            treeKey,
            fc.record(
              {
                parentId: fc.oneof(treeKey, fc.constant(null)),
                childrenIds: fc.array(treeKey, { maxLength: 3 }),
                role: fc.constantFrom('user', 'assistant', 'system', ''),
                content: fc.oneof(fc.string({ maxLength: 40 }), oddString, fc.constant(null)),
                timestamp: epoch,
                model: fc.oneof(fc.string({ maxLength: 20 }), fc.constant(null)),
              },
              { requiredKeys: ['role'] },
            ),
            { maxKeys: 6 },
          ),
          currentId: fc.oneof(treeKey, fc.constant(null)),
        }),
      }),
      created_at: epoch,
      archived: fc.boolean(),
    },
    { requiredKeys: ['chat'] },
  ),
  { maxLength: 3 },
);
