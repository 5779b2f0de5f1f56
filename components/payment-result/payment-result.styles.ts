import { css } from 'lit';
import { tokens } from '../core/tokens';
import { controls } from '../core/controls.styles';

export default [
  tokens,
  controls,
  css`
    [part='base'] {
      display: grid;
      justify-items: center;
      text-align: center;
      gap: var(--_space-m);
      padding: var(--_space-l);
      background: var(--_c-surface);
      border: 1px solid var(--_c-border);
      border-radius: var(--_radius-m);
    }

    [part='icon'] {
      display: grid;
      place-items: center;
      inline-size: 3.5rem;
      block-size: 3.5rem;
      border-radius: 50%;
      font-size: 1.75rem;
      background: var(--_c-surface-alt);
      color: var(--_c-text-muted);
    }

    .succeeded [part='icon'] {
      background: var(--_c-success);
      color: var(--_c-surface);
    }

    .failed [part='icon'],
    .voided [part='icon'],
    .error [part='icon'] {
      background: var(--_c-danger);
      color: var(--_c-surface);
    }

    [part='heading'] {
      font-size: 1.5em;
      font-weight: 700;
    }

    [part='message'],
    [part='general-sale'] {
      margin: var(--_space-s) 0 0;
      color: var(--_c-text-muted);
      max-inline-size: 36rem;
    }

    [part='refund'] {
      margin: var(--_space-s) auto 0;
      padding: var(--_space-s) var(--_space-m);
      max-inline-size: 36rem;
      border-inline-start: 4px solid var(--_c-primary);
      background: var(--_c-surface-alt);
      border-radius: var(--_radius-s);
      text-align: start;
    }

    [part='details'] {
      display: grid;
      gap: var(--_space-xs);
      margin: 0;
      inline-size: min(100%, 28rem);
      text-align: start;
    }

    [part='details'] div {
      display: flex;
      justify-content: space-between;
      gap: var(--_space-m);
      border-block-end: 1px solid var(--_c-border);
      padding-block: var(--_space-xs);
    }

    [part='details'] dt {
      color: var(--_c-text-muted);
    }

    [part='details'] dd {
      margin: 0;
      font-variant-numeric: tabular-nums;
      overflow-wrap: anywhere;
      text-align: end;
    }

    ::slotted([slot='actions']) {
      margin-block-start: var(--_space-s);
    }
  `,
];
