import { css } from 'lit';
import { tokens } from '../core/tokens';
import { controls } from '../core/controls.styles';

export default [
  tokens,
  controls,
  css`
    [part='base'] {
      background: var(--ck-order-summary-background, var(--_c-surface-alt));
      border: 1px solid var(--_c-border);
      border-radius: var(--_radius-m);
      padding: var(--_space-m);
    }

    [part='title'] {
      font-weight: 700;
      font-size: 1.15em;
      margin-block-end: var(--_space-s);
    }

    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }

    [part='line-item'],
    dl > div {
      display: flex;
      justify-content: space-between;
      gap: var(--_space-m);
      padding-block: var(--_space-xs);
      font-variant-numeric: tabular-nums;
    }

    .qty,
    [part='note'] {
      color: var(--_c-text-muted);
    }

    .amount,
    dd {
      text-align: end;
      margin: 0;
      white-space: nowrap;
    }

    dl {
      margin: var(--_space-s) 0 0;
      border-block-start: 1px solid var(--_c-border);
      padding-block-start: var(--_space-s);
    }

    [part='discount'] dd {
      color: var(--_c-success);
    }

    [part='total'] {
      font-weight: 700;
      font-size: 1.1em;
      border-block-start: 1px solid var(--_c-border);
      margin-block-start: var(--_space-xs);
      padding-block-start: var(--_space-s);
    }

    [part='note'] {
      font-size: 0.8em;
      margin: var(--_space-s) 0 0;
    }

    [part='empty'] {
      margin: 0;
      color: var(--_c-text-muted);
    }

    .stale {
      opacity: 0.6;
    }

    .block {
      block-size: 6rem;
    }
  `,
];
