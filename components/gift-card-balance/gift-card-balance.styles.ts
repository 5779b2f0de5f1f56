import { css } from 'lit';
import { tokens } from '../core/tokens';
import { controls } from '../core/controls.styles';

export default [
  tokens,
  controls,
  css`
    [part='base'] {
      display: grid;
      gap: var(--_space-s);
    }

    [part='title'] {
      font-size: 1.25em;
      font-weight: 700;
    }

    [part='form'] {
      display: grid;
      gap: var(--_space-xs);
      justify-items: start;
    }

    label {
      font-weight: 600;
    }

    [part='input'] {
      inline-size: min(100%, 20rem);
      font-variant-numeric: tabular-nums;
      letter-spacing: 0.08em;
      text-transform: uppercase;
    }

    [part='input'][aria-invalid='true'] {
      border-color: var(--_c-danger);
    }

    [part='hint'],
    .field-error {
      margin: 0;
      font-size: 0.875em;
    }

    [part='hint'] {
      color: var(--_c-text-muted);
    }

    .field-error {
      color: var(--_c-danger);
    }

    .field-error:empty {
      display: none;
    }

    [part='status'] {
      margin: 0;
      color: var(--_c-text-muted);
    }

    [part='result'] {
      border: 1px solid var(--_c-border);
      border-inline-start-width: 4px;
      border-radius: var(--_radius-s);
      padding: var(--_space-s) var(--_space-m);
    }

    [part='result'] p {
      margin: 0;
    }

    [part='result'] .amount {
      font-weight: 700;
      margin-block-end: var(--_space-xs);
    }

    [part='result'].balance {
      border-inline-start-color: var(--_c-success);
    }

    [part='result'].expired,
    [part='result'].empty {
      border-inline-start-color: var(--_c-danger);
    }

    [part='alert'] {
      color: var(--_c-danger);
      border: 1px solid currentColor;
      border-radius: var(--_radius-s);
      padding: var(--_space-s) var(--_space-m);
    }
  `,
];
