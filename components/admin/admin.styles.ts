import { css } from 'lit';
import { controls } from '../core/controls.styles';
import { tokens } from '../core/tokens';

/** What every console element shares: the kit's tokens and controls, tables, forms and sections. */
export const adminStyles = [
  tokens,
  controls,
  css`
    [part='base'] {
      display: grid;
      gap: var(--_space-m);
    }

    h1,
    h2,
    h3 {
      margin: 0;
      line-height: 1.25;
    }

    h1 {
      font-size: 1.5em;
    }

    h2 {
      font-size: 1.25em;
    }

    h3 {
      font-size: 1.05em;
    }

    section,
    fieldset {
      border: 1px solid var(--_c-border);
      border-radius: var(--_radius-m);
      padding: var(--_space-m);
      display: grid;
      gap: var(--_space-s);
      background: var(--_c-surface);
      min-inline-size: 0;
    }

    legend {
      font-weight: 600;
      padding: 0 var(--_space-xs);
    }

    .grid {
      display: grid;
      gap: var(--_space-s) var(--_space-m);
      grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
      align-items: end;
    }

    /* An order's facts: each label above its value, every column from the top. */
    dl.grid {
      align-items: start;
      margin: 0;
    }

    dd {
      margin: 0;
    }

    .field {
      display: grid;
      gap: var(--_space-xs);
    }

    label {
      font-weight: 600;
    }

    .hint {
      color: var(--_c-text-muted);
      font-size: 0.875em;
      margin: 0;
    }

    .table-wrap {
      overflow-x: auto;
    }

    table {
      border-collapse: collapse;
      inline-size: 100%;
      font-size: 0.95em;
    }

    caption {
      text-align: start;
      font-weight: 600;
      padding-block-end: var(--_space-xs);
    }

    th,
    td {
      text-align: start;
      padding: var(--_space-xs) var(--_space-s);
      border-block-end: 1px solid var(--_c-border);
      vertical-align: top;
    }

    td.num,
    th.num {
      text-align: end;
      font-variant-numeric: tabular-nums;
    }

    a {
      color: var(--_c-primary);
    }

    .row {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-s);
      align-items: center;
    }

    .chart {
      position: relative;
      block-size: 16rem;
    }

    .spread {
      justify-content: space-between;
    }

    .muted {
      color: var(--_c-text-muted);
    }

    [role='status']:not(:empty) {
      border-inline-start: 4px solid var(--_c-success);
      padding: var(--_space-xs) var(--_space-s);
    }

    dialog {
      border: 1px solid var(--_c-border);
      border-radius: var(--_radius-m);
      background: var(--_c-surface);
      color: var(--_c-text);
      max-inline-size: 32rem;
      padding: var(--_space-l);
    }

    dialog::backdrop {
      background: rgb(0 0 0 / 40%);
    }

    code {
      font-size: 0.9em;
      overflow-wrap: anywhere;
    }
  `,
];
