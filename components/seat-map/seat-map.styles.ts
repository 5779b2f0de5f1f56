import { css } from 'lit';
import { tokens } from '../core/tokens';
import { controls } from '../core/controls.styles';

export default [
  tokens,
  controls,
  css`
    :host {
      --_map-height: var(--ck-seat-map-height, 28rem);
      --_map-bg: var(--ck-seat-map-background, var(--_c-surface-alt));
      --_unavailable: var(--ck-seat-map-unavailable, light-dark(#b9bec8, #4a505c));
      --_selected: var(--ck-seat-map-selected, light-dark(#1a1d23, #ffffff));
      --_stage: var(--ck-seat-map-stage, light-dark(#dde1e8, #2c313b));
    }

    [part='base'] {
      display: grid;
      gap: var(--_space-m);
    }

    [part='toolbar'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-s);
      align-items: center;
    }

    .spacer {
      flex: 1;
    }

    [part='view-switch'] {
      display: inline-flex;
    }

    [part='view-switch'] .button[aria-pressed='true'] {
      background: var(--_c-primary);
      border-color: var(--_c-primary);
      color: var(--_c-on-primary);
    }

    [part='map'] {
      position: relative;
      block-size: var(--_map-height);
      background: var(--_map-bg);
      border: 1px solid var(--_c-border);
      border-radius: var(--_radius-m);
      overflow: hidden;
    }

    canvas {
      display: block;
      inline-size: 100%;
      block-size: 100%;
      touch-action: none;
      cursor: grab;
    }

    /* The selection and the focus ring, drawn over the canvas (renderer.ts drawOverlay). */
    .overlay {
      position: absolute;
      inset: 0;
      inline-size: 100%;
      block-size: 100%;
      pointer-events: none;
      overflow: hidden;
    }

    .overlay .selected > * {
      fill: var(--_selected);
    }

    .overlay .selected > .ring,
    .overlay .focus > * {
      fill: none;
    }

    .overlay .focus > .halo {
      stroke: var(--_c-surface);
      stroke-width: 3;
    }

    .overlay .focus > .ring {
      stroke: var(--_c-focus);
      stroke-width: 2;
    }

    .help,
    .meta,
    .empty {
      color: var(--_c-text-muted);
      font-size: 0.875em;
      margin: 0;
    }

    .loading {
      display: grid;
      gap: var(--_space-s);
    }

    .map-skeleton {
      block-size: var(--_map-height);
    }

    .sold-out {
      margin: 0;
      font-weight: 600;
    }

    [part='list'] ul,
    [part='legend'],
    [part='summary'] ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }

    [part='list'] ul {
      display: grid;
      gap: var(--_space-xs);
      max-block-size: var(--_map-height);
      overflow: auto;
    }

    [part='list'] .entry {
      inline-size: 100%;
      justify-content: space-between;
      flex-wrap: wrap;
      text-align: start;
    }

    [part='list'] ul.seats {
      grid-template-columns: repeat(auto-fill, minmax(2.75rem, 1fr));
    }

    .list-title,
    .summary-title {
      font-weight: 600;
      margin: var(--_space-s) 0;
    }

    .seat {
      inline-size: 100%;
      gap: var(--_space-xs);
      border: 1px solid var(--_c-border);
      background: var(--_c-surface);
      color: var(--_c-text);
      padding: 0 var(--_space-xs);
    }

    .seat .swatch {
      inline-size: 0.6rem;
      block-size: 0.6rem;
    }

    .seat[aria-pressed='true'] {
      background: var(--_selected);
      border-color: var(--_selected);
      color: var(--_c-surface);
    }

    .seat[aria-disabled='true'] {
      border-style: dashed;
      border-color: var(--_unavailable);
      color: var(--_c-text-muted);
      text-decoration: line-through;
      cursor: not-allowed;
    }

    [part='legend'] {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-s) var(--_space-m);
      font-size: 0.875em;
    }

    [part='legend'] li {
      display: inline-flex;
      align-items: center;
      gap: var(--_space-xs);
    }

    .swatch {
      inline-size: 0.9rem;
      block-size: 0.9rem;
      flex: none;
    }

    .swatch.unavailable {
      fill: var(--_unavailable);
    }

    .swatch.selected {
      fill: var(--_selected);
    }

    [part='summary'] {
      border-block-start: 1px solid var(--_c-border);
      padding-block-start: var(--_space-s);
      display: grid;
      gap: var(--_space-s);
    }

    [part='selected-seat'] {
      display: flex;
      justify-content: space-between;
      align-items: center;
      gap: var(--_space-s);
    }

    [part='total'] {
      display: flex;
      justify-content: space-between;
      margin: 0;
      font-size: 1.125em;
    }

    .hold {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_space-s);
      align-items: center;
    }

    [part='timer'] {
      font-variant-numeric: tabular-nums;
      font-weight: 600;
      flex: 1;
    }

    .probe {
      display: none;
    }

    [data-probe='unavailable'] {
      color: var(--_unavailable);
    }

    [data-probe='text'] {
      color: var(--_c-text);
    }

    [data-probe='stage'] {
      color: var(--_stage);
    }
  `,
];
