/** Tickets: the seat map and the BIN checker of the tickets page. Loaded as one file by the kit's autoloader (components/autoload.ts; vite.config.ts builds one chunk per file of this folder). */
export { CkSeatMap } from '../seat-map/define';
export { CkBinChecker } from '../bin-checker/define';
