import {
  conversionError,
  malformedJsonError,
  maximumLengthError,
  missingRequiredPropertyError,
  type StnErrorBody,
  type StnFieldError,
  validationErrorBody,
} from './stn-response-status.js';

/**
 * How sTN (ServiceStack) turns a JSON body into a request DTO: property names bind case-insensitively (the docs'
 * own example sends `esim` and still hits the eSIM check), unknown properties are ignored, loose values are
 * accepted where the docs show them (`"eSim": 1`), a missing `required` property fails deserialisation, and the
 * FluentValidation rules (MaximumLength) run on the bound DTO.
 */
export type FieldType = 'string' | 'boolean' | 'datetime' | 'object';

export interface FieldRule {
  type: FieldType;
  required?: boolean;
  maxLength?: number;
}

export interface DtoDescriptor {
  /** The DTO class name, as it appears in error messages. */
  name: string;
  /** Declared properties in declaration order (validators report errors in this order). */
  fields: Record<string, FieldRule>;
}

export type BoundDto = Record<string, unknown>;

export type BindResult = { ok: true; dto: BoundDto } | { ok: false; body: StnErrorBody };

const dotNetTypeOf: Record<FieldType, string> = {
  string: 'System.String',
  boolean: 'System.Boolean',
  datetime: 'System.DateTime',
  object: 'System.Collections.Generic.Dictionary`2[System.String,System.Object]',
};

const isoDateTime = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function convert(type: FieldType, value: unknown): { ok: true; value: unknown } | { ok: false } {
  if (value === null) return { ok: true, value: null };
  switch (type) {
    case 'string':
      if (typeof value === 'string') return { ok: true, value };
      if (typeof value === 'number') return { ok: true, value: String(value) };
      return { ok: false };
    case 'boolean':
      if (typeof value === 'boolean') return { ok: true, value };
      if (value === 1 || value === 0) return { ok: true, value: value === 1 };
      if (value === 'true' || value === 'false') return { ok: true, value: value === 'true' };
      return { ok: false };
    case 'datetime':
      if (typeof value === 'string' && (value === '' || (isoDateTime.test(value) && !Number.isNaN(Date.parse(value)))))
        return { ok: true, value: value === '' ? null : value };
      return { ok: false };
    case 'object':
      return typeof value === 'object' && !Array.isArray(value) ? { ok: true, value } : { ok: false };
  }
}

export function bindDto(descriptor: DtoDescriptor, text: string): BindResult {
  let parsed: unknown;
  try {
    parsed = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return { ok: false, body: malformedJsonError(descriptor.name, text) };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, body: malformedJsonError(descriptor.name, text) };
  }
  const byLowerName = new Map(Object.keys(descriptor.fields).map((name) => [name.toLowerCase(), name]));
  const dto: BoundDto = {};
  for (const [key, value] of Object.entries(parsed)) {
    const name = byLowerName.get(key.toLowerCase());
    if (!name) continue;
    const rule = descriptor.fields[name] as FieldRule;
    const converted = convert(rule.type, value);
    if (!converted.ok) return { ok: false, body: conversionError(descriptor.name, dotNetTypeOf[rule.type], name) };
    dto[name] = converted.value;
  }
  const missing = Object.entries(descriptor.fields)
    .filter(([name, rule]) => rule.required && dto[name] === undefined)
    .map(([name]) => name);
  if (missing.length > 0) return { ok: false, body: missingRequiredPropertyError(descriptor.name, missing) };

  const errors: StnFieldError[] = [];
  for (const [name, rule] of Object.entries(descriptor.fields)) {
    const value = dto[name];
    if (rule.maxLength !== undefined && typeof value === 'string' && value.length > rule.maxLength) {
      errors.push(maximumLengthError(name, rule.maxLength, value));
    }
  }
  if (errors.length > 0) return { ok: false, body: validationErrorBody(errors) };
  return { ok: true, dto };
}

/** Reads a bound string property ('' and null count as absent). */
export function stringField(dto: BoundDto, name: string): string | undefined {
  const value = dto[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function booleanField(dto: BoundDto, name: string): boolean {
  return dto[name] === true;
}
