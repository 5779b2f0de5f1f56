/**
 * Flow's `appearance` design tokens (index.d.ts DesignTokens) → CSS custom properties used by
 * card-form.css. Values are checked so a token cannot break out of its declaration.
 */

const COLOR_TOKENS: Record<string, string> = {
  colorPrimary: '--cko-color-primary',
  colorSecondary: '--cko-color-secondary',
  colorDisabled: '--cko-color-disabled',
  colorError: '--cko-color-error',
  colorInverse: '--cko-color-inverse',
  colorAction: '--cko-color-action',
  colorSuccess: '--cko-color-success',
  colorBackground: '--cko-color-background',
  colorFormBackground: '--cko-color-form-background',
  colorBorder: '--cko-color-border',
  colorFormBorder: '--cko-color-form-border',
  colorOutline: '--cko-color-outline',
  borderWidth: '--cko-border-width',
  focusOutlineWidth: '--cko-focus-outline-width',
};

const FONT_NAMES = ['subheading', 'footnote', 'button', 'input', 'label'] as const;
const FONT_PROPS: Record<string, string> = {
  fontFamily: 'family',
  fontSize: 'size',
  lineHeight: 'line-height',
  fontWeight: 'weight',
  letterSpacing: 'letter-spacing',
};

const SAFE_VALUE = /^[^;{}<>\\]{1,200}$/;

function cssValue(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? `${value}px` : undefined;
  if (typeof value !== 'string') return undefined;
  return SAFE_VALUE.test(value) ? value : undefined;
}

export function appearanceToCss(appearance: unknown): string {
  if (!appearance || typeof appearance !== 'object') return '';
  const tokens = appearance as Record<string, unknown>;
  const declarations: string[] = [];
  for (const [token, property] of Object.entries(COLOR_TOKENS)) {
    const value = cssValue(tokens[token]);
    if (value) declarations.push(`${property}: ${value}`);
  }
  const radius = tokens.borderRadius;
  if (Array.isArray(radius)) {
    const [form, button] = radius.map(cssValue);
    if (form) declarations.push(`--cko-radius-form: ${form}`);
    if (button) declarations.push(`--cko-radius-button: ${button}`);
  }
  for (const name of FONT_NAMES) {
    const font = tokens[name];
    if (!font || typeof font !== 'object') continue;
    for (const [prop, suffix] of Object.entries(FONT_PROPS)) {
      const raw = (font as Record<string, unknown>)[prop];
      const value = prop === 'fontWeight' && typeof raw === 'number' ? String(raw) : cssValue(raw);
      if (value) declarations.push(`--cko-font-${name}-${suffix}: ${value}`);
    }
  }
  return declarations.join('; ');
}
