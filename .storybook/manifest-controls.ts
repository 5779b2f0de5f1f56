/**
 * Docs and Controls of every element from custom-elements.json (registered with
 * `setCustomElementsManifest` in preview.ts): its public properties (with controls), attributes,
 * events (logged in the Actions panel), slots, CSS parts and CSS custom properties (with
 * controls).
 *
 * Storybook's own mapping of the manifest lists every class member, private state included,
 * as a control, and keys rows by bare name, so a slot and a CSS part of the same name (the
 * cart's `empty`) hide one another. Here only the public API is listed, each row keyed by its
 * kind, and the controls a story's own render does not bind are applied to the element by
 * `bindManifestControls`.
 */
import { getCustomElements, type ArgTypes, type StoryContext } from '@storybook/web-components-vite';

interface Item {
  name: string;
  description?: string;
  type?: { text?: string };
  default?: string;
}
interface Member extends Item {
  kind: 'field' | 'method';
  privacy?: 'private' | 'protected' | 'public';
  static?: boolean;
  readonly?: boolean;
  attribute?: string;
}
interface Attribute extends Item {
  fieldName?: string;
}
interface ElementDoc {
  tagName?: string;
  members?: Member[];
  attributes?: Attribute[];
  events?: Item[];
  slots?: Item[];
  cssParts?: Item[];
  cssProperties?: Item[];
}
type InputType = ArgTypes[string];

const CSS_PROPERTIES = 'css custom properties';
/** A row documented, with no control (Storybook shows "-"). */
const NONE = { disable: true } as const;

function element(tagName: string): ElementDoc | undefined {
  const manifest = getCustomElements() as { modules?: Array<{ declarations?: ElementDoc[] }> } | undefined;
  return manifest?.modules?.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === tagName);
}

const isPublicField = (m: Member) =>
  m.kind === 'field' && !m.static && (m.privacy ?? 'public') === 'public' && !m.name.startsWith('#');

/** Storybook's type and control for a TypeScript type as the manifest writes it. */
function input(text = ''): Partial<InputType> {
  const parts = text
    .split('|')
    .map((p) => p.trim())
    .filter((p) => p && p !== 'undefined' && p !== 'null');
  const [only] = parts;
  if (parts.length === 1 && only === 'boolean') return { type: { name: 'boolean' }, control: { type: 'boolean' } };
  if (parts.length === 1 && only === 'number') return { type: { name: 'number' }, control: { type: 'number' } };
  if (parts.length === 1 && only === 'string') return { type: { name: 'string' }, control: { type: 'text' } };
  if (parts.length > 0 && parts.every((p) => /^'[^']*'$/.test(p))) {
    const options = parts.map((p) => p.slice(1, -1));
    return {
      type: { name: 'enum', value: options },
      options,
      control: { type: options.length <= 4 ? 'inline-radio' : 'select' },
    };
  }
  return { type: { name: 'other', value: text }, control: NONE };
}

const row = (item: Item, category: string, extra: Partial<InputType> = {}): InputType => ({
  name: item.name,
  description: item.description,
  control: NONE,
  ...extra,
  table: {
    category,
    ...(item.type?.text ? { type: { summary: item.type.text } } : {}),
    ...(item.default !== undefined ? { defaultValue: { summary: item.default } } : {}),
  },
});

/** `ck-cart-change` → `onCkCartChange`, the arg the Actions panel logs the event under. */
const handlerArg = (event: string) => `on${event.replace(/(^|-)([a-z])/g, (_m, _dash, c: string) => c.toUpperCase())}`;

/** `parameters.docs.extractArgTypes`: the rows of one element's Docs table and Controls panel. */
export function manifestArgTypes(tagName: string): ArgTypes | null {
  const doc = element(tagName);
  if (!doc) return null;
  const argTypes: ArgTypes = {};
  const fields = (doc.members ?? []).filter(isPublicField);
  for (const field of fields) {
    const attribute = field.attribute ? ` Attribute: \`${field.attribute}\`.` : '';
    argTypes[field.name] = row(
      { ...field, description: `${field.description ?? ''}${attribute}`.trim() },
      'properties',
      field.readonly ? {} : input(field.type?.text),
    );
  }
  for (const attribute of doc.attributes ?? []) {
    const field = fields.find((f) => f.name === attribute.fieldName);
    const via = field ? ` Set in Controls through the \`${field.name}\` property.` : '';
    argTypes[`attribute:${attribute.name}`] = row(
      { ...attribute, description: `${attribute.description ?? ''}${via}`.trim() },
      'attributes',
    );
  }
  for (const event of doc.events ?? []) {
    argTypes[handlerArg(event.name)] = { name: handlerArg(event.name), action: event.name, table: { disable: true } };
    argTypes[`event:${event.name}`] = row(event, 'events');
  }
  for (const slot of doc.slots ?? []) {
    argTypes[`slot:${slot.name}`] = row({ ...slot, name: slot.name || '(default)' }, 'slots');
  }
  for (const part of doc.cssParts ?? []) argTypes[`part:${part.name}`] = row(part, 'css shadow parts');
  for (const property of doc.cssProperties ?? []) {
    argTypes[property.name] = row(property, CSS_PROPERTIES, {
      type: { name: 'string' },
      control: { type: /color|background/.test(property.name) ? 'color' : 'text' },
    });
  }
  return argTypes;
}

const listeners = new WeakMap<Element, Array<[string, EventListener]>>();

/**
 * Applies the controls a story's render does not bind itself (those not among the story's own
 * args) to the story's element: properties set, CSS custom properties set on the element, and
 * every event of the element logged in the Actions panel.
 */
export function bindManifestControls(
  container: Element | undefined,
  { component, args, initialArgs, argTypes }: StoryContext,
): void {
  if (!container || typeof component !== 'string') return;
  for (const [type, listener] of listeners.get(container) ?? []) container.removeEventListener(type, listener);
  const added: Array<[string, EventListener]> = [];
  for (const [key, argType] of Object.entries(argTypes)) {
    const action = (argType as { action?: unknown }).action;
    const handler = args[key];
    if (typeof action === 'string' && typeof handler === 'function') {
      container.addEventListener(action, handler as EventListener);
      added.push([action, handler as EventListener]);
    }
  }
  listeners.set(container, added);

  // After this render: the story's template is in the container once the current task's
  // rendering is done.
  queueMicrotask(() => {
    const target = container.querySelector<HTMLElement>(component);
    if (!target) return;
    for (const [key, argType] of Object.entries(argTypes)) {
      const value = args[key];
      if (key in initialArgs || value === undefined) continue;
      const category = argType.table?.category;
      if (category === 'properties' && !(argType.control as { disable?: boolean } | undefined)?.disable)
        (target as unknown as Record<string, unknown>)[key] = value;
      if (category === CSS_PROPERTIES) {
        if (value === '') target.style.removeProperty(key);
        else target.style.setProperty(key, String(value));
      }
    }
  });
}
