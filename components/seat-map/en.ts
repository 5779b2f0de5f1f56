import { enPlural } from '../core/locales/en';

/**
 * `<ck-seat-map>`'s own strings in English, the language every other falls back to. They load with the
 * element (its module hands them to `addEnglish()`), not in the kit's shared core; the other
 * languages carry them in components/core/locales/<locale>.ts with every other string.
 */
export const seatMapEn = {
  seatMapLoading: 'Loading the seat map…',
  seatMapLoadError: 'The seat map could not be loaded.',
  seatMapSoldOut: 'This event is sold out.',
  seatMapTools: 'Seat map tools',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  zoomReset: 'Whole venue',
  seatMapView: 'View',
  seatMapViewMap: 'Map',
  seatMapViewList: 'List',
  seatMapRole: 'seat map',
  seatMapLabel: (venue: string) => `Seats of ${venue}`,
  seatMapHelp: 'Arrow keys move from seat to seat, Enter or Space selects, + and − zoom, 0 shows the whole venue, Page Up and Page Down change section. The list view offers the same seats as buttons.',
  seatLabel: (row: string, seat: string, category: string, price: string, status: string) =>
    [`Row ${row}`, `Seat ${seat}`, category, price, status].filter(Boolean).join(', '),
  seatStatusAvailable: 'available',
  seatStatusUnavailable: 'unavailable',
  seatStatusSelected: 'selected',
  seatAdded: (label: string, count: number) => `Selected ${label}. ${enPlural.select(count) === 'one' ? '1 seat' : `${count} seats`} selected.`,
  seatRemoved: (label: string) => `Removed ${label}.`,
  seatNotAvailable: (label: string) => `${label} is not available.`,
  seatLimit: (max: number) => `You can select up to ${max} ${enPlural.select(max) === 'one' ? 'seat' : 'seats'}.`,
  seatTaken: (labels: string) => `No longer available: ${labels}. Please choose other seats.`,
  seatListSections: 'Sections',
  seatListAvailable: (count: number) => (enPlural.select(count) === 'one' ? '1 seat available' : `${count} seats available`),
  seatListRow: (row: string) => `Row ${row}`,
  seatListBackToSections: 'All sections',
  seatListBackToRows: (section: string) => `All rows of ${section}`,
  seatLegend: 'Prices and seat states',
  seatSelection: (count: number, max: number) => `Your seats: ${count} of ${max}`,
  seatSelectionEmpty: 'No seats selected yet.',
  seatRemove: (label: string) => `Remove ${label}`,
  seatTotal: 'Total',
  seatHoldButton: (count: number) => (enPlural.select(count) === 'one' ? 'Hold 1 seat' : `Hold ${count} seats`),
  seatsHeld: (count: number, time: string) => `${enPlural.select(count) === 'one' ? '1 seat is' : `${count} seats are`} held for you for ${time}.`,
  seatHoldTimer: 'Time left to pay for your seats',
  seatHoldCountdown: (time: string) => `Held for ${time}`,
  seatHoldOneMinute: 'One minute left to complete your purchase.',
  seatHoldExtend: 'More time',
  seatHoldExtended: (time: string) => `Your hold was extended. ${time} left.`,
  seatHoldRelease: 'Change seats',
  seatHoldReleased: 'Your seats were released.',
  seatHoldLocked: 'Your seats are held. Choose "Change seats" to pick others.',
  seatHoldExpired: 'Your hold expired and the seats were released. Please choose your seats again.',
  seatHoldFailed: 'The seats could not be held. Please try again.',
  seatLoginRequired: 'Please log in to hold seats. The hold is saved to your account.',
  seatHoldLimit: 'Too many seats for this event are already held from your network. Complete or release a hold first, or try again in a few minutes.',
  seatHoldInCheckout: 'Your seats are in a payment that is still open. Complete or cancel that payment before changing them.',
};

export default seatMapEn;
