import { css } from 'lit';

/**
 * Design tokens shared by every element. Merchants set the public `--ck-*` properties
 * anywhere above an element (`:root`, a wrapper, the element itself); elements read the
 * private `--_*` copies. Light and dark defaults follow the page's `color-scheme`
 * (`color-scheme: dark` on the page or a wrapper turns the kit dark).
 */
export const tokens = css`
  :host {
    --_c-surface: var(--ck-color-surface, light-dark(#ffffff, #16181d));
    --_c-surface-alt: var(--ck-color-surface-alt, light-dark(#f5f6f8, #20232a));
    --_c-text: var(--ck-color-text, light-dark(#1a1d23, #eef0f4));
    --_c-text-muted: var(--ck-color-text-muted, light-dark(#535a67, #a9b0bd));
    --_c-border: var(--ck-color-border, light-dark(#c9cdd6, #464c59));
    --_c-primary: var(--ck-color-primary, light-dark(#0b57d0, #9cc0ff));
    --_c-on-primary: var(--ck-color-on-primary, light-dark(#ffffff, #0b1a33));
    --_c-danger: var(--ck-color-danger, light-dark(#b3261e, #ffb4ab));
    --_c-success: var(--ck-color-success, light-dark(#146c2e, #7fdc95));
    --_c-focus: var(--ck-color-focus, light-dark(#0b57d0, #9cc0ff));
    --_radius-s: var(--ck-radius-s, 4px);
    --_radius-m: var(--ck-radius-m, 8px);
    --_space-xs: var(--ck-space-xs, 0.25rem);
    --_space-s: var(--ck-space-s, 0.5rem);
    --_space-m: var(--ck-space-m, 1rem);
    --_space-l: var(--ck-space-l, 1.5rem);
    --_font: var(--ck-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif);
    --_font-size: var(--ck-font-size, 1rem);

    display: block;
    box-sizing: border-box;
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.5;
    color: var(--_c-text);
  }

  :host([hidden]) {
    display: none !important;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  :focus-visible {
    outline: 2px solid var(--_c-focus);
    outline-offset: 2px;
  }

  button {
    font: inherit;
    cursor: pointer;
    min-block-size: 2.75rem;
    min-inline-size: 2.75rem;
    border-radius: var(--_radius-s);
  }

  .visually-hidden {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
