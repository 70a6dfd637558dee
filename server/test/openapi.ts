import type { App } from '../app.js';

/**
 * The routes of the app's own OpenAPI document (served at /api/v1/openapi.json), read as the
 * fuzz test and the IDOR matrix need them: each operation with its parameters and body schema.
 */

/** The part of JSON Schema (OpenAPI 3.0 flavour) that the zod schemas in common/api/ produce. */
export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  nullable?: boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: Method;
  /** As OpenAPI writes it: `/api/v1/chats/{id}`. */
  path: string;
  /** `PUT /api/v1/chats/{id}/share`. */
  key: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** The JSON body's schema, or null for an operation that takes none. */
  body: JsonSchema | null;
}

interface Document {
  paths?: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
}

/** Every operation of the document, in its order. Call after `app.ready()`. */
export function openApiOperations(app: App): Operation[] {
  const document = app.swagger() as Document;
  const operations: Operation[] = [];
  for (const [path, byMethod] of Object.entries(document.paths ?? {})) {
    for (const [lower, operation] of Object.entries(byMethod)) {
      const method = lower.toUpperCase();
      if (!METHODS.includes(method)) continue;
      const parameters = operation.parameters ?? [];
      const body = operation.requestBody?.content?.['application/json']?.schema ?? null;
      operations.push({
        method: method as Method,
        path,
        key: `${method} ${path}`,
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        body,
      });
    }
  }
  return operations;
}

/** The operation's path with its parameters filled in, each value already encoded for a URL. */
export function fillPath(operation: Operation, encoded: Record<string, string>): string {
  return operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => encoded[name] ?? '');
}
