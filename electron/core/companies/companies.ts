// Companies: each has its own ledger file; the list and the open one live in the settings.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { PointageError } from '../../../shared/contract/errors.js';
import type { Company } from '../../../shared/contract/index.js';
import type { CompanyRecord, SettingsStore } from '../settings/store.js';

export const DEMO_COMPANY_ID = 'demo';

export function companiesDir(dataDir: string): string {
  return path.join(dataDir, 'companies');
}

export function ledgerFile(dataDir: string, id: string): string {
  mkdirSync(companiesDir(dataDir), { recursive: true });
  return path.join(companiesDir(dataDir), `${id}.sqlite`);
}

export function listCompanies(settings: SettingsStore): Company[] {
  return settings.get('companies');
}

export function findCompany(settings: SettingsStore, id: string): CompanyRecord {
  const company = settings.get('companies').find((c) => c.id === id);
  if (!company) throw new PointageError('not_found', `no company with id "${id}"`, 'id');
  return company;
}

export function addCompany(settings: SettingsStore, name: string, demo = false): CompanyRecord {
  const record: CompanyRecord = {
    id: demo ? DEMO_COMPANY_ID : randomUUID(),
    name,
    demo,
    createdAt: new Date().toISOString(),
  };
  settings.set('companies', [...settings.get('companies').filter((c) => c.id !== record.id), record]);
  return record;
}
