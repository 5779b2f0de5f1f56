import { css } from 'lit';
import { tokens } from '../core/tokens';
import { controls } from '../core/controls.styles';

export default [
  tokens,
  controls,
  css`
    [part='base'] {
      max-inline-size: var(--ck-checkout-max-width, 48rem);
      display: grid;
      gap: var(--_space-m);
    }

    [part='steps'] {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-s) var(--_space-m);
      font-size: 0.875em;
      color: var(--_c-text-muted);
    }

    [part='step'] {
      display: inline-flex;
      align-items: center;
      gap: var(--_space-xs);
    }

    [part='step'].current {
      color: var(--_c-text);
      font-weight: 700;
    }

    .index {
      display: inline-grid;
      place-items: center;
      inline-size: 1.5rem;
      block-size: 1.5rem;
      border-radius: 50%;
      border: 1px solid currentColor;
      font-size: 0.85em;
    }

    .current .index {
      background: var(--_c-primary);
      border-color: var(--_c-primary);
      color: var(--_c-on-primary);
    }

    .done .index {
      color: var(--_c-success);
    }

    [part='step-heading'] {
      font-size: 1.35em;
      font-weight: 700;
    }

    [part='form'] {
      display: grid;
      gap: var(--_space-m);
    }

    .fields {
      display: grid;
      grid-template-columns: repeat(2, minmax(0, 1fr));
      gap: var(--_space-m);
    }

    [part='field'] {
      display: grid;
      gap: var(--_space-xs);
      align-content: start;
    }

    [part='field'] label {
      font-weight: 600;
    }

    .email,
    .name,
    .line1,
    .line2 {
      grid-column: 1 / -1;
    }

    @media (max-width: 30rem) {
      .fields {
        grid-template-columns: 1fr;
      }
    }

    .hint {
      margin: 0;
      color: var(--_c-text-muted);
    }

    .check {
      display: flex;
      align-items: center;
      gap: var(--_space-s);
      min-block-size: 2.75rem;
    }

    .methods {
      border: 0;
      padding: 0;
      margin: 0;
      display: grid;
      gap: var(--_space-s);
    }

    [part='shipping-method'] {
      display: grid;
      grid-template-columns: auto 1fr auto;
      grid-template-areas: 'radio name price' 'radio days price';
      align-items: center;
      column-gap: var(--_space-m);
      padding: var(--_space-m);
      border: 1px solid var(--_c-border);
      border-radius: var(--_radius-m);
      cursor: pointer;
    }

    [part='shipping-method']:has(input:checked) {
      border-color: var(--_c-primary);
      box-shadow: 0 0 0 1px var(--_c-primary);
    }

    [part='shipping-method'] input {
      grid-area: radio;
    }

    .method-name {
      grid-area: name;
      font-weight: 600;
    }

    .method-days {
      grid-area: days;
      color: var(--_c-text-muted);
      font-size: 0.875em;
    }

    .method-price {
      grid-area: price;
      font-variant-numeric: tabular-nums;
    }

    [part='actions'] {
      display: flex;
      gap: var(--_space-m);
    }

    [part='continue-button'] {
      margin-inline-start: auto;
    }

    [part='review'] {
      margin: 0;
      display: grid;
      gap: var(--_space-s);
    }

    .review-block {
      display: grid;
      grid-template-columns: 8rem 1fr auto;
      gap: var(--_space-s);
      align-items: baseline;
      padding-block-end: var(--_space-s);
      border-block-end: 1px solid var(--_c-border);
    }

    .review-block dt {
      font-weight: 600;
    }

    .review-block dd {
      margin: 0;
      overflow-wrap: anywhere;
    }

    .block {
      block-size: 8rem;
    }

    .identify {
      border: 1px solid var(--_c-border);
      border-radius: var(--_radius-m);
      padding: var(--_space-s) var(--_space-m);
      margin: 0;
      display: flex;
      flex-wrap: wrap;
      column-gap: var(--_space-l);
    }

    .identify legend,
    [part='saved-addresses'] legend {
      font-weight: 600;
      padding: 0 var(--_space-xs);
    }

    .identity {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: var(--_space-s);
      margin: 0;
    }
  `,
];
