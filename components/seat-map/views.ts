/**
 * What `ck-seat-map` loads on demand while the layout is in flight: the venue model and its
 * two views, the canvas map and the list. One chunk, kept out of the element's own module.
 */
export { Venue } from './venue';
export { MapView } from './map-view';
export { ListView } from './list-view';
