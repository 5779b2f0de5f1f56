import { LitElement } from 'lit';
import type { CkEventMap } from './events';
import { localeReady } from './localize';

type DetailOf<K extends keyof CkEventMap> = CkEventMap[K] extends CustomEvent<infer D> ? D : never;

/**
 * Base class of every `ck-*` element: typed events that bubble and cross shadow roots, and a
 * first render that never waits on the network for the element's strings.
 */
export class CkElement extends LitElement {
  /** Starts loading the element's locale when it is not there yet; renders at once (English ships in the core: no keys shown). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const pending = localeReady(this);
    return pending ? pending.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  /** Fires a typed `ck-*` event; returns false when a listener called preventDefault(). */
  protected emit<K extends keyof CkEventMap>(
    type: K,
    detail: DetailOf<K>,
    options: { cancelable?: boolean } = {},
  ): boolean {
    /**
     * @ignore Each element documents the `ck-*` events it fires with `@event` tags; without this,
     * the manifest analyzer would list an event named after the `type` parameter on every element.
     */
    return this.dispatchEvent(
      new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }),
    );
  }
}

/**
 * Registers a custom element once. A clash (the kit loaded twice, or another library using
 * the tag) warns instead of throwing, so a host page never breaks over it.
 */
export function define(tag: string, ctor: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (existing) {
    if (existing !== ctor) {
      console.warn(`checkout-kit: <${tag}> is already defined by another script; keeping the first definition.`);
    }
    return;
  }
  customElements.define(tag, ctor);
}
