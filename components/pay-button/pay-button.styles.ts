import { css } from 'lit';
import { tokens } from '../core/tokens';

// Self-contained (no shared control styles): the pay button has its own, tight size budget.
export default [
  tokens,
  css`
    [part='base'] {
      display: grid;
      gap: var(--_space-m);
    }

    [part='button'] {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      gap: var(--_space-s);
      inline-size: 100%;
      min-block-size: 3rem;
      padding: var(--_space-s) var(--_space-m);
      font-size: 1.05em;
      font-weight: 600;
      background: var(--ck-pay-button-background, var(--_c-primary));
      border: 1px solid var(--ck-pay-button-background, var(--_c-primary));
      color: var(--ck-pay-button-color, var(--_c-on-primary));
      border-radius: var(--_radius-m);
    }

    [part='button']:disabled {
      opacity: 0.6;
      cursor: not-allowed;
    }

    [part='spinner'] {
      inline-size: 1em;
      block-size: 1em;
      border: 2px solid currentColor;
      border-inline-end-color: transparent;
      border-radius: 50%;
      animation: ck-spin 0.8s linear infinite;
    }

    @keyframes ck-spin {
      to {
        transform: rotate(360deg);
      }
    }

    @media (prefers-reduced-motion: reduce) {
      [part='spinner'] {
        animation-duration: 2.4s;
      }
    }

    [part='contact'],
    [part='shipping'],
    [part='shipping-methods'] {
      border: 0;
      padding: 0;
      margin: 0;
      display: grid;
      gap: var(--_space-xs);
    }

    [part='gift-card'] {
      display: grid;
      gap: var(--_space-xs);
    }

    [part='gift-card'] input[aria-invalid='true'] {
      border-color: var(--_c-danger);
    }

    [part='contact'] legend,
    [part='shipping'] legend {
      font-weight: 600;
      padding: 0;
      margin-block-end: var(--_space-s);
    }

    [part='shipping-method'] {
      display: flex;
      gap: var(--_space-s);
      align-items: center;
      min-block-size: 2.75rem;
    }

    [part='shipping-method'] span:last-child {
      margin-inline-start: auto;
    }

    input,
    select {
      font: inherit;
      color: var(--_c-text);
      background: var(--_c-surface);
      border: 1px solid var(--_c-border);
      border-radius: var(--_radius-s);
      min-block-size: 2.75rem;
      padding: var(--_space-xs) var(--_space-s);
    }

    /* A delivery method's radio: the size the other elements' radios have (controls.styles), not a text field's padding. */
    input[type='radio'] {
      inline-size: 1.25rem;
      min-block-size: 1.25rem;
      padding: 0;
      margin: 0;
      flex-shrink: 0;
      accent-color: var(--_c-primary);
    }

    [part='flow'][hidden] {
      display: none;
    }

    [part='alert'] {
      color: var(--_c-danger);
      border: 1px solid var(--_c-danger);
      border-inline-start-width: 4px;
      border-radius: var(--_radius-s);
      padding: var(--_space-s) var(--_space-m);
    }

    /* Live regions stay in the layout so screen readers announce what is written into them. */
    [part='alert'].empty {
      border: 0;
      padding: 0;
      margin-block-start: calc(-1 * var(--_space-m));
    }

    [part='status'] {
      color: var(--_c-text-muted);
    }

    [part='status']:empty {
      margin-block-start: calc(-1 * var(--_space-m));
    }

    .probe {
      position: absolute;
      inline-size: 0;
      block-size: 0;
      overflow: hidden;
    }
  `,
];
