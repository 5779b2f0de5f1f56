import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CartChangeEvent, cartStore, StoredValueChangeEvent, type CartStore } from './store';

/** Re-renders its host whenever the shared cart changes (in this tab or another). */
export class CartController implements ReactiveController {
  readonly store: CartStore;
  readonly #host: ReactiveControllerHost;
  readonly #onChange = () => this.#host.requestUpdate();

  constructor(host: ReactiveControllerHost, store: CartStore = cartStore()) {
    this.#host = host;
    this.store = store;
    host.addController(this);
  }

  hostConnected(): void {
    this.store.addEventListener(CartChangeEvent.type, this.#onChange);
    // The cart may have changed while the host was detached.
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.store.removeEventListener(CartChangeEvent.type, this.#onChange);
  }
}

/** Re-renders its host whenever one of the given stored values (`StoredValue`s) changes. */
export class StoredValuesController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #values: readonly EventTarget[];
  readonly #onChange = () => this.#host.requestUpdate();

  constructor(host: ReactiveControllerHost, ...values: EventTarget[]) {
    this.#host = host;
    this.#values = values;
    host.addController(this);
  }

  hostConnected(): void {
    for (const value of this.#values) value.addEventListener(StoredValueChangeEvent.type, this.#onChange);
  }

  hostDisconnected(): void {
    for (const value of this.#values) value.removeEventListener(StoredValueChangeEvent.type, this.#onChange);
  }
}
