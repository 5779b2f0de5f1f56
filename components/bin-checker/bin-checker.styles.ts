import { css } from 'lit';
import { tokens } from '../core/tokens';
import { controls } from '../core/controls.styles';

export default [
  tokens,
  controls,
  css`
    [part='base'] {
      display: grid;
      gap: var(--_space-xs);
    }

    label {
      font-weight: 600;
    }

    [part='input'] {
      max-inline-size: 14rem;
      font-variant-numeric: tabular-nums;
      letter-spacing: 0.1em;
    }

    [part='hint'],
    .note {
      color: var(--_c-text-muted);
      font-size: 0.875em;
      margin: 0;
    }

    .note:empty {
      display: none;
    }

    [part='status'] {
      margin: var(--_space-s) 0 0;
      color: var(--_c-text-muted);
    }

    [part='result'] {
      margin-block-start: var(--_space-s);
      border: 1px solid var(--_c-border);
      border-inline-start-width: 4px;
      border-radius: var(--_radius-s);
      padding: var(--_space-s) var(--_space-m);
    }

    [part='result'].eligible {
      border-inline-start-color: var(--_c-success);
    }

    [part='result'].ineligible {
      border-inline-start-color: var(--_c-danger);
    }

    [part='verdict'] {
      font-weight: 700;
      margin: 0 0 var(--_space-s);
    }

    .eligible [part='verdict'] {
      color: var(--_c-success);
    }

    .ineligible [part='verdict'] {
      color: var(--_c-danger);
    }

    [part='details'] {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr));
      gap: var(--_space-s);
      margin: 0;
    }

    [part='details'] dt {
      color: var(--_c-text-muted);
      font-size: 0.8em;
    }

    [part='details'] dd {
      margin: 0;
    }

    [part='rules'] ul {
      margin: 0;
      padding-inline-start: var(--_space-l);
    }

    .rules-title {
      font-weight: 600;
      margin: var(--_space-s) 0 0;
    }

    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-s);
      margin-block-start: var(--_space-s);
    }

    [part='alert'] {
      margin-block-start: var(--_space-s);
    }
  `,
];
