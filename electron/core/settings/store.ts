// User settings: electron-store in the desktop app and its underlying library, conf, in Node
// (CLI, browser mode, tests), with the same schema and the same file in the data directory.
import Conf from 'conf';
import type { Locale } from '../../../shared/contract/index.js';
import type { CsvMapping } from '../statements/common/types.js';

export interface CompanyRecord {
  id: string;
  name: string;
  demo: boolean;
  createdAt: string;
}

export interface SettingsData {
  locale: Locale | null;
  /** Saved CSV column mappings, by the shape of the files they were made for (csvShape). */
  csvMappings: Record<string, CsvMapping>;
  companies: CompanyRecord[];
  currentCompany: string | null;
}

/** What the core needs of a settings store; Conf and ElectronStore both provide it. */
export interface SettingsStore {
  get<K extends keyof SettingsData>(key: K): SettingsData[K];
  set<K extends keyof SettingsData>(key: K, value: SettingsData[K]): void;
}

export const SETTINGS_FILE = 'settings';

export const SETTINGS_SCHEMA = {
  locale: { type: ['string', 'null'], enum: ['fr', 'da', 'en', null], default: null },
  companies: {
    type: 'array',
    default: [],
    items: {
      type: 'object',
      required: ['id', 'name', 'demo', 'createdAt'],
      properties: {
        id: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' },
        name: { type: 'string' },
        demo: { type: 'boolean' },
        createdAt: { type: 'string' },
      },
    },
  },
  currentCompany: { type: ['string', 'null'], default: null },
  csvMappings: { type: 'object', default: {} },
} as const;

export function openNodeSettings(dataDir: string): SettingsStore {
  return new Conf<SettingsData>({
    cwd: dataDir,
    configName: SETTINGS_FILE,
    // conf's schema typing is stricter than the JSON Schema we share with electron-store.
    schema: SETTINGS_SCHEMA as never,
    clearInvalidConfig: false,
  });
}
