import { css } from 'lit';
import { tokens } from '../core/tokens';
import { controls } from '../core/controls.styles';

export default [
  tokens,
  controls,
  css`
    [part='base'] {
      background: var(--ck-insurance-form-background, var(--_c-surface));
      border: 1px solid var(--_c-border);
      border-radius: var(--_radius-m);
      padding: var(--_space-m);
      display: grid;
      gap: var(--_space-m);
    }

    [part='title'] {
      margin: 0;
      font-size: 1.25em;
      font-weight: 600;
    }

    [part='steps'] ol {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-s);
      counter-reset: step;
    }

    [part='steps'] li {
      counter-increment: step;
      display: flex;
      align-items: center;
      gap: var(--_space-xs);
      color: var(--_c-text-muted);
    }

    [part='steps'] li::before {
      content: counter(step);
      display: inline-grid;
      place-items: center;
      inline-size: 1.75rem;
      aspect-ratio: 1;
      border-radius: 50%;
      border: 1px solid;
    }

    [part='steps'] li[aria-current='step'] {
      color: var(--_c-text);
      font-weight: 600;
    }

    [part='steps'] li[aria-current='step']::before {
      background: var(--_c-primary);
      border-color: var(--_c-primary);
      color: var(--_c-on-primary);
    }

    form,
    fieldset,
    [part='step'] {
      display: grid;
      gap: var(--_space-m);
    }

    fieldset {
      border: 0;
      margin: 0;
      padding: 0;
      min-inline-size: 0;
    }

    legend,
    .field > label,
    [part='step-title'] {
      font-weight: 600;
      padding: 0;
    }

    [part='step-title'] {
      margin: 0;
      font-size: 1.1em;
    }

    .field {
      display: grid;
      gap: var(--_space-xs);
    }

    .row {
      display: grid;
      gap: var(--_space-m);
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 12rem), 1fr));
    }

    .choice {
      display: flex;
      align-items: flex-start;
      gap: var(--_space-s);
      border: 1px solid var(--_c-border);
      border-radius: var(--_radius-s);
      padding: var(--_space-s) var(--_space-m);
      cursor: pointer;
    }

    .choice:has(input:checked) {
      border-color: var(--_c-primary);
      box-shadow: inset 0 0 0 1px var(--_c-primary);
    }

    .choice:has(input:focus-visible) {
      outline: 2px solid var(--_c-focus);
      outline-offset: 2px;
    }

    .choice span {
      display: grid;
      gap: var(--_space-xs);
    }

    .muted,
    .hint {
      color: var(--_c-text-muted);
      font-size: 0.9em;
    }

    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-s);
      justify-content: space-between;
    }

    [part='quote'] dl {
      display: grid;
      grid-template-columns: 1fr auto;
      gap: var(--_space-xs) var(--_space-m);
      margin: 0;
    }

    [part='quote'] dd {
      margin: 0;
      text-align: end;
      font-variant-numeric: tabular-nums;
    }

    [part='quote-total'] {
      font-weight: 700;
      border-block-start: 1px solid var(--_c-border);
      padding-block-start: var(--_space-xs);
    }

    [part='pay-mode'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-s);
    }
  `,
];
