import { css } from 'lit';
import { tokens } from '../core/tokens';
import { controls } from '../core/controls.styles';

export default [
  tokens,
  controls,
  css`
    [part='base'] {
      background: var(--ck-gift-card-builder-background, var(--_c-surface));
      border: 1px solid var(--_c-border);
      border-radius: var(--_radius-m);
      padding: var(--_space-m);
      display: grid;
      gap: var(--_space-m);
    }

    [part='title'] {
      margin: 0;
      font-size: 1.25em;
      font-weight: 600;
    }

    .layout {
      display: grid;
      gap: var(--_space-l);
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 18rem), 1fr));
      align-items: start;
    }

    form,
    fieldset {
      display: grid;
      gap: var(--_space-m);
    }

    fieldset {
      border: 0;
      margin: 0;
      padding: 0;
      min-inline-size: 0;
    }

    legend,
    label.field-label {
      font-weight: 600;
      padding: 0;
      margin-block-end: var(--_space-xs);
    }

    .field {
      display: grid;
      gap: var(--_space-xs);
      /* Beside a taller field (the date's hint), the label and input stay at the top, not stretched. */
      align-content: start;
    }

    .choices {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-s);
    }

    .choice {
      display: inline-flex;
      align-items: center;
      gap: var(--_space-s);
      border: 1px solid var(--_c-border);
      border-radius: var(--_radius-s);
      padding: var(--_space-xs) var(--_space-s);
      min-block-size: 2.75rem;
      cursor: pointer;
    }

    .choice:has(input:checked) {
      border-color: var(--_c-primary);
      box-shadow: inset 0 0 0 1px var(--_c-primary);
    }

    .choice:has(input:focus-visible) {
      outline: 2px solid var(--_c-focus);
      outline-offset: 2px;
    }

    [part~='design-swatch'] {
      inline-size: 2.5rem;
      block-size: 1.6rem;
      border-radius: var(--_radius-s);
      border: 1px solid var(--_c-border);
    }

    .hint,
    [part='counter'] {
      color: var(--_c-text-muted);
      font-size: 0.875em;
      margin: 0;
    }

    [part='counter'].low {
      color: var(--_c-danger);
    }

    textarea {
      font: inherit;
      color: var(--_c-text);
      background: var(--_c-surface);
      border: 1px solid var(--_c-border);
      border-radius: var(--_radius-s);
      padding: var(--_space-xs) var(--_space-s);
      inline-size: 100%;
      resize: vertical;
    }

    .row {
      display: grid;
      gap: var(--_space-m);
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 12rem), 1fr));
    }

    .preview-wrap {
      position: sticky;
      inset-block-start: var(--_space-m);
      display: grid;
      gap: var(--_space-s);
      margin: 0;
      /* The card's padding and amount follow the card's width (cqi), as its picture does. */
      container-type: inline-size;
    }

    [part='preview'] {
      aspect-ratio: 1.586;
      /* The card's width is the column's; a taller card (see below) must not widen it through its ratio. */
      min-inline-size: 0;
      border-radius: calc(var(--_radius-m) * 1.5);
      padding: clamp(var(--_space-s), 6cqi, var(--_space-l));
      display: grid;
      /* The top band is the design's: its name, or what its picture draws there (the demo designs' brand). */
      grid-template-rows: minmax(var(--ck-gift-card-preview-header, 12cqi), auto) minmax(min-content, 1fr) auto;
      gap: var(--_space-s);
      box-shadow: 0 0.5rem 1.5rem rgb(0 0 0 / 0.2);
      /* Not clipped (no overflow: hidden): on a narrow card, long names, a message and a delivery
         date make the card taller, the ratio then being a minimum. */
      background-size: cover;
      background-position: center;
      overflow-wrap: anywhere;
    }

    [part='preview-amount'] {
      font-size: clamp(1.25em, 7cqi, 1.75em);
      font-weight: 700;
      justify-self: end;
    }

    /* Rows by name, not by order: a design's name hidden over its own picture leaves no gap. The
       message sits above the amount, leaving the card's top to the design's name or picture. */
    [part='preview-message'] {
      grid-row: 2;
      font-style: italic;
      align-self: end;
      display: -webkit-box;
      -webkit-line-clamp: 3;
      -webkit-box-orient: vertical;
      overflow: hidden;
    }

    @container (inline-size < 24rem) {
      [part='preview-message'] {
        -webkit-line-clamp: 2;
      }
    }

    @container (inline-size < 18rem) {
      [part='preview-message'] {
        -webkit-line-clamp: 1;
      }
    }

    [part='preview'] > :last-child {
      grid-row: 3;
    }

    .preview-people {
      display: flex;
      justify-content: space-between;
      gap: var(--_space-s);
      font-size: 0.9em;
    }

    [part='express'] {
      inline-size: 100%;
      min-block-size: 3rem;
    }
  `,
];
