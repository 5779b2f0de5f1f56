import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CartChangeEvent, cartStore, type CartStore } from './store';

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
