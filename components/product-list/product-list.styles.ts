import { css } from 'lit';
import { tokens } from '../core/tokens';
import { controls } from '../core/controls.styles';

export default [
  tokens,
  controls,
  css`
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--ck-product-list-columns, 14rem)), 1fr));
      gap: var(--_space-m);
    }

    [part='product'] {
      display: flex;
      flex-direction: column;
      gap: var(--_space-s);
      padding: var(--_space-m);
      background: var(--ck-product-list-card-background, var(--_c-surface));
      border: 1px solid var(--_c-border);
      border-radius: var(--_radius-m);
    }

    [part='image'] {
      display: block;
      inline-size: 100%;
      aspect-ratio: 1;
      object-fit: cover;
      border-radius: var(--_radius-s);
      background: var(--_c-surface-alt);
    }

    [part='name'] {
      font-weight: 600;
      font-size: 1.05em;
    }

    [part='description'] {
      margin: 0;
      color: var(--_c-text-muted);
      font-size: 0.9em;
      flex: 1;
    }

    [part='price'] {
      margin: 0;
      font-weight: 600;
      font-variant-numeric: tabular-nums;
    }

    [part='stock'] {
      margin: 0;
      font-size: 0.9em;
      font-weight: 600;
      color: var(--_c-text);
    }

    [part='stock'].sold-out {
      color: var(--_c-danger);
    }

    [part='add-button'] {
      margin-block-start: auto;
    }

    [part='empty'] {
      color: var(--_c-text-muted);
    }

    .line {
      display: block;
      block-size: 1em;
    }

    .short {
      inline-size: 50%;
    }
  `,
];
