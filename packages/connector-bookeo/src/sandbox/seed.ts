import {
  bookeoCustomerCustomFieldsSchema,
  bookeoPeopleCategorySchema,
  bookeoProductSchema,
  type BookeoCustomerCustomFields,
  type BookeoPeopleCategory,
  type BookeoProduct,
} from '../bookeo-api.js';
import dayCampCustomFields from './fixtures/day-camp/customer-custom-fields.json';
import dayCampPeopleCategories from './fixtures/day-camp/people-categories.json';
import dayCampProducts from './fixtures/day-camp/products.json';
import swimSchoolCustomFields from './fixtures/swim-school/customer-custom-fields.json';
import swimSchoolPeopleCategories from './fixtures/swim-school/people-categories.json';
import swimSchoolProducts from './fixtures/swim-school/products.json';

/**
 * A weekly series of sessions of one product. The sandbox makes `occurrences` slots on
 * `weekday` at `localTime`, starting with the first such day after the sandbox clock's date.
 * A session lasts the product's `duration`.
 */
export interface BookeoSeedSchedule {
  productId: string;
  /** Day of the week in the business's time zone, 0 for Sunday to 6 for Saturday. */
  weekday: number;
  /** Start time in the business's time zone, `HH:MM` on a 24-hour clock. */
  localTime: string;
  /** Number of weekly sessions. */
  occurrences: number;
  /** Seats in each session; 0 makes the sessions sold out. */
  seats: number;
}

/** One business that has installed the sandbox's application, with its catalog. */
export interface BookeoSeedBusiness {
  accountId: string;
  apiKey: string;
  name: string;
  /** IANA time zone, such as `America/New_York`. */
  timeZone: string;
  /** Permissions that `GET /settings/apikeyinfo` reports for the apiKey. */
  permissions: string[];
  products: BookeoProduct[];
  peopleCategories: BookeoPeopleCategory[];
  customerCustomFields: BookeoCustomerCustomFields;
  schedules: BookeoSeedSchedule[];
}

/** The initial data of a sandbox: one application secret and the businesses using it. */
export interface BookeoSeed {
  /** The application's secret key, shared by every business. */
  secretKey: string;
  /** Max items per page on every list, below Bookeo's own maxima. Lets tests force paging. */
  pageSize?: number;
  businesses: BookeoSeedBusiness[];
}

/** Permissions of a Bookeo apiKey that may read availability and customers and write bookings. */
export const FULL_PERMISSIONS = [
  'availability_r',
  'bookings_r_all',
  'bookings_rw_all',
  'customers_r_all',
];

/** The secret key of the demo and pagination seeds' application. */
export const SANDBOX_SECRET_KEY = 'SANDBOX-SECRETKEY-0001';

/**
 * Builds the demo seed: a swim school in America/New_York and a day camp in America/Chicago,
 * both installing one application.
 *
 * Swim school (`RIVERSIDESWIM`, apiKey `RIVERSIDESWIM-APIKEY-0001`):
 * - `LTS58` "Learn to Swim (ages 5-8)": Saturdays 10:00, 10 weeks, 8 seats, 85.00 USD a child,
 *   required option "Swim level".
 * - `STROKE912` "Stroke Clinic (ages 9-12)": one Sunday 09:00 session with 0 seats (sold out).
 * - `PRIVLESSON` "Private Swim Lesson (ages 4-12)": `acceptDeny`, Wednesdays 16:00, 1 seat.
 * - `LIFEGUARD` "Junior Lifeguard Course (ages 13-15)": `apiBookingsAllowed: false`.
 * - Required customer custom field `EMERGENCYPHONE` "Emergency contact phone".
 *
 * Day camp (`PRAIRIECAMP`, apiKey `PRAIRIECAMP-APIKEY-0001`):
 * - `CAMP612` "Summer Day Camp, ages 6-12": `fixedCourse`, Monday 08:30 to Friday 15:30,
 *   8 weeks, 24 seats, 350.00 USD a camper.
 * - `EXTCARE` "Extended Care (ages 6-12)": `flexibleTime`, so it has no slots.
 * - Required customer custom fields `TSHIRT` (choice) and `PICKUP` (text).
 */
export function demoSeed(): BookeoSeed {
  return {
    secretKey: SANDBOX_SECRET_KEY,
    businesses: [
      {
        accountId: 'RIVERSIDESWIM',
        apiKey: 'RIVERSIDESWIM-APIKEY-0001',
        name: 'Riverside Swim School',
        timeZone: 'America/New_York',
        permissions: [...FULL_PERMISSIONS],
        products: bookeoProductSchema.array().parse(swimSchoolProducts),
        peopleCategories: bookeoPeopleCategorySchema.array().parse(swimSchoolPeopleCategories),
        customerCustomFields: bookeoCustomerCustomFieldsSchema.parse(swimSchoolCustomFields),
        schedules: [
          { productId: 'LTS58', weekday: 6, localTime: '10:00', occurrences: 10, seats: 8 },
          { productId: 'STROKE912', weekday: 0, localTime: '09:00', occurrences: 1, seats: 0 },
          { productId: 'PRIVLESSON', weekday: 3, localTime: '16:00', occurrences: 6, seats: 1 },
          { productId: 'LIFEGUARD', weekday: 0, localTime: '13:00', occurrences: 4, seats: 10 },
        ],
      },
      {
        accountId: 'PRAIRIECAMP',
        apiKey: 'PRAIRIECAMP-APIKEY-0001',
        name: 'Prairie Day Camp',
        timeZone: 'America/Chicago',
        permissions: [...FULL_PERMISSIONS],
        products: bookeoProductSchema.array().parse(dayCampProducts),
        peopleCategories: bookeoPeopleCategorySchema.array().parse(dayCampPeopleCategories),
        customerCustomFields: bookeoCustomerCustomFieldsSchema.parse(dayCampCustomFields),
        schedules: [
          { productId: 'CAMP612', weekday: 1, localTime: '08:30', occurrences: 8, seats: 24 },
        ],
      },
    ],
  };
}

/** Number of products in the pagination seed, and its page size: 25 products make 3 pages. */
export const PAGINATION_SEED_PRODUCTS = 25;
export const PAGINATION_SEED_PAGE_SIZE = 10;

/**
 * Builds a seed with one business (`PAGINATEDCLUB`, apiKey `PAGINATEDCLUB-APIKEY-0001`) whose
 * 25 products `CLASS01`..`CLASS25` span exactly 3 pages at the seed's page size of 10.
 */
export function paginationSeed(): BookeoSeed {
  const products = Array.from({ length: PAGINATION_SEED_PRODUCTS }, (_, index) => {
    const number = String(index + 1).padStart(2, '0');
    return bookeoProductSchema.parse({
      productId: `CLASS${number}`,
      name: `Weekly Class ${number} (ages 7-10)`,
      type: 'fixed',
      duration: { days: 0, hours: 1, minutes: 0 },
      defaultRates: [
        { peopleCategoryId: 'Cchildren', price: { amount: '20.00', currency: 'USD' } },
      ],
      apiBookingsAllowed: true,
      acceptDeny: false,
    });
  });

  return {
    secretKey: SANDBOX_SECRET_KEY,
    pageSize: PAGINATION_SEED_PAGE_SIZE,
    businesses: [
      {
        accountId: 'PAGINATEDCLUB',
        apiKey: 'PAGINATEDCLUB-APIKEY-0001',
        name: 'Paginated Sports Club',
        timeZone: 'America/Denver',
        permissions: [...FULL_PERMISSIONS],
        products,
        peopleCategories: [{ id: 'Cchildren', name: 'Child', numSeats: 1 }],
        customerCustomFields: {
          choiceFields: [],
          numberFields: [],
          onOffFields: [],
          textFields: [],
        },
        schedules: products.map((product) => ({
          productId: product.productId,
          weekday: 2,
          localTime: '17:00',
          occurrences: 4,
          seats: 12,
        })),
      },
    ],
  };
}
