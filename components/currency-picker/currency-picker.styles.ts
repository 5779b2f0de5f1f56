import { css } from 'lit';
import { tokens } from '../core/tokens';
import { controls } from '../core/controls.styles';

export default [
  tokens,
  controls,
  css`
    :host {
      display: inline-block;
    }

    [part='base'] {
      display: inline-flex;
      align-items: center;
      gap: var(--_space-s);
      flex-wrap: wrap;
    }

    [part='label'] {
      font-weight: 600;
    }

    [part='select'] {
      inline-size: auto;
      max-inline-size: 16rem;
    }

    [part='alert'] {
      font-size: 0.875em;
      padding: var(--_space-xs) var(--_space-s);
    }
  `,
];
