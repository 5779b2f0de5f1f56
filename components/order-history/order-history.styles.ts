import { css } from 'lit';
import { tokens } from '../core/tokens';
import { controls } from '../core/controls.styles';

export default [
  tokens,
  controls,
  css`
    [part='base'] {
      display: grid;
      gap: var(--_space-m);
      max-inline-size: var(--ck-order-history-max-width, 48rem);
    }

    [part='title'],
    [part='detail-title'] {
      margin: 0;
      font-size: 1.25em;
      font-weight: 600;
    }

    [part='title']:focus,
    [part='detail-title']:focus {
      outline: none;
    }

    [part='list'] {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: var(--_space-s);
    }

    [part='order'] {
      border: 1px solid var(--_c-border);
      border-radius: var(--_radius-m);
      padding: var(--_space-m);
      display: grid;
      grid-template-columns: 1fr auto;
      gap: var(--_space-xs) var(--_space-m);
      background: var(--ck-order-history-background, var(--_c-surface));
    }

    [part='order'] p {
      margin: 0;
    }

    .date {
      font-weight: 600;
    }

    .amount {
      font-weight: 600;
      text-align: end;
    }

    .lines {
      grid-column: 1 / -1;
      color: var(--_c-text-muted);
    }

    .reference {
      color: var(--_c-text-muted);
      overflow-wrap: anywhere;
    }

    [part='status'] {
      justify-self: start;
      align-self: center;
      line-height: 1.6;
      padding: 0 var(--_space-s);
      border-radius: 999px;
      border: 1px solid currentColor;
      font-size: 0.875em;
    }

    [part='status'].refunded,
    [part='status'].partially_refunded,
    [part='status'].voided {
      color: var(--_c-text-muted);
    }

    [part='pager'] {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: var(--_space-s);
    }

    [part='detail'] dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: var(--_space-xs) var(--_space-m);
      margin: 0;
    }

    [part='detail'] dt {
      font-weight: 600;
    }

    /* The order's totals under the table's amount column: at its end, each figure aligned with the lines' amounts. */
    [part='detail'] dl.totals {
      justify-self: end;
      padding-inline-end: var(--_space-s);
    }

    dl.totals dd {
      text-align: end;
      font-variant-numeric: tabular-nums;
    }

    [part='detail'] dd {
      margin: 0;
      overflow-wrap: anywhere;
    }

    table {
      border-collapse: collapse;
      inline-size: 100%;
    }

    th,
    td {
      text-align: start;
      padding: var(--_space-xs) var(--_space-s);
      border-block-end: 1px solid var(--_c-border);
    }

    td.num,
    th.num {
      text-align: end;
    }

    [part='detail'] {
      display: grid;
      gap: var(--_space-m);
    }
  `,
];
