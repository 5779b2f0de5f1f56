import { css } from 'lit';
import { tokens } from '../core/tokens';
import { controls } from '../core/controls.styles';

export default [
  tokens,
  controls,
  css`
    [part='base'] {
      background: var(--ck-cart-background, var(--_c-surface));
      border: 1px solid var(--_c-border);
      border-radius: var(--_radius-m);
      padding: var(--_space-m);
    }

    [part='title'] {
      margin: 0 0 var(--_space-m);
      font-size: 1.25em;
      display: flex;
      justify-content: space-between;
      align-items: baseline;
      gap: var(--_space-s);
    }

    [part='count'] {
      font-size: 0.8em;
      font-weight: normal;
      color: var(--_c-text-muted);
    }

    [part='empty'] {
      color: var(--_c-text-muted);
      margin: 0;
    }

    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }

    [part='line-item'] {
      display: grid;
      grid-template-columns: auto 1fr auto;
      grid-template-areas:
        'image name total'
        'image controls controls';
      gap: var(--_space-xs) var(--_space-m);
      padding-block: var(--_space-m);
      border-block-end: 1px solid var(--_c-border);
    }

    [part='image'] {
      grid-area: image;
      inline-size: 4rem;
      block-size: 4rem;
      object-fit: cover;
      border-radius: var(--_radius-s);
      background: var(--_c-surface-alt);
    }

    .name {
      grid-area: name;
      font-weight: 600;
    }

    .unit {
      display: block;
      font-weight: normal;
      font-size: 0.875em;
      color: var(--_c-text-muted);
    }

    .stock {
      display: block;
      font-size: 0.875em;
      font-weight: 600;
    }

    .stock.short {
      color: var(--_c-danger);
    }

    [part='line-total'] {
      grid-area: total;
      font-variant-numeric: tabular-nums;
      text-align: end;
    }

    .controls {
      grid-area: controls;
      display: flex;
      align-items: center;
      gap: var(--_space-s);
      flex-wrap: wrap;
    }

    [part='quantity'] {
      display: inline-flex;
      align-items: center;
      border: 1px solid var(--_c-border);
      border-radius: var(--_radius-s);
    }

    [part='quantity'] button {
      background: transparent;
      color: inherit;
      border: 0;
    }

    [part='quantity'] button:disabled {
      color: var(--_c-text-muted);
      cursor: not-allowed;
    }

    [part='quantity'] input {
      inline-size: 3.5rem;
      min-block-size: 2.75rem;
      text-align: center;
      font: inherit;
      color: inherit;
      background: transparent;
      border: 0;
      border-inline: 1px solid var(--_c-border);
      -moz-appearance: textfield;
    }

    [part='quantity'] input::-webkit-inner-spin-button {
      display: none;
    }

    [part='remove-button'] {
      background: transparent;
      color: var(--_c-danger);
      border: 1px solid transparent;
      text-decoration: underline;
      padding-inline: var(--_space-s);
    }

    [part='subtotal'] {
      display: flex;
      justify-content: space-between;
      margin: var(--_space-m) 0 0;
      font-weight: 600;
      font-variant-numeric: tabular-nums;
    }

    [part='subtotal'] dd,
    [part='discount'] dd,
    [part='tax'] dd,
    [part='total'] dd {
      margin: 0;
    }

    [part='discount'],
    [part='tax'],
    [part='total'] {
      display: flex;
      justify-content: space-between;
      margin: var(--_space-xs) 0 0;
      font-variant-numeric: tabular-nums;
    }

    [part='discount'] dd {
      color: var(--_c-success);
    }

    [part='total'] {
      font-weight: 700;
      font-size: 1.1em;
      border-block-start: 1px solid var(--_c-border);
      padding-block-start: var(--_space-s);
    }

    .note {
      color: var(--_c-text-muted);
      font-size: 0.875em;
      margin: var(--_space-xs) 0 0;
    }

    [part='coupon'] {
      margin: var(--_space-m) 0 0;
    }

    [part='coupon'] label {
      display: block;
      font-weight: 600;
      margin-block-end: var(--_space-xs);
    }

    .coupon-row {
      display: flex;
      gap: var(--_space-s);
    }

    .applied {
      display: flex;
      justify-content: space-between;
      align-items: center;
      gap: var(--_space-s);
      color: var(--_c-success);
    }

    [part='alert'] {
      margin-block-start: var(--_space-s);
    }
  `,
];
