// The core: everything Pointage does, with no Electron in it. The desktop app, the browser mode
// server, the CLI and the tests each make one Core and call it through the contract (dispatch.ts).
import { EventEmitter } from 'node:events';
import { mkdirSync, rmSync } from 'node:fs';
import { PointageError } from '../../shared/contract/errors.js';
import type { Company, CompanyState } from '../../shared/contract/index.js';
import { openLedger, type Ledger } from './ledger/database.js';
import { appendAudit } from './ledger/audit.js';
import { setCompanyValue } from './ledger/company.js';
import { addCompany, DEMO_COMPANY_ID, findCompany, ledgerFile, listCompanies } from './companies/companies.js';
import { openNodeSettings, type SettingsStore } from './settings/store.js';
import { Vault } from './vault/vault.js';
import { newKdf, passphraseCipher } from './vault/passphrase.js';
import type { Cipher } from './vault/vault.js';
import { loadDemoCompany } from './demo/load.js';
import { ImportService } from './import/service.js';

export type Mode = 'electron' | 'browser' | 'cli';

export interface ProgressEvent {
  task: string;
  done: number;
  total: number | null;
  label?: string;
}

export interface CoreOptions {
  dataDir: string;
  mode: Mode;
  version: string;
  /** Defaults to conf in the data directory. */
  settings?: SettingsStore;
  /** The OS keychain cipher in Electron; without it the vault uses a passphrase. */
  keychain?: Cipher;
  /** Unlocks the passphrase vault at start (POINTAGE_PASSPHRASE). */
  passphrase?: string;
}

export class Core {
  readonly dataDir: string;
  readonly mode: Mode;
  readonly version: string;
  readonly settings: SettingsStore;
  readonly vault: Vault;
  readonly events = new EventEmitter<{ progress: [ProgressEvent] }>();
  readonly imports: ImportService;
  private open: { company: Company; ledger: Ledger } | null = null;

  constructor(options: CoreOptions) {
    this.dataDir = options.dataDir;
    this.mode = options.mode;
    this.version = options.version;
    mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
    this.settings = options.settings ?? openNodeSettings(this.dataDir);
    this.imports = new ImportService(this);
    this.vault = Vault.inDataDir(this.dataDir, options.keychain ? 'os-keychain' : 'passphrase');
    if (options.keychain) this.vault.unlock(options.keychain);
    else if (options.passphrase) this.unlockVault(options.passphrase);
    const current = this.settings.get('currentCompany');
    if (current && listCompanies(this.settings).some((c) => c.id === current)) this.openCompany(current);
  }

  unlockVault(passphrase: string): void {
    const kdf = this.vault.kdf ?? newKdf();
    this.vault.unlock(passphraseCipher(passphrase, kdf), kdf);
  }

  /** The open company's ledger; a clear error when none is open. */
  get ledger(): Ledger {
    if (!this.open) throw new PointageError('no_company', 'no company is open: open the demo company or create one');
    return this.open.ledger;
  }

  companyState(): CompanyState {
    return { current: this.open?.company ?? null, companies: listCompanies(this.settings) };
  }

  openCompany(id: string): Company {
    const company = findCompany(this.settings, id);
    if (this.open?.company.id === id) return company;
    const ledger = openLedger(ledgerFile(this.dataDir, id));
    this.open?.ledger.close();
    this.open = { company, ledger };
    this.settings.set('currentCompany', id);
    return company;
  }

  createCompany(name: string): Company {
    const company = addCompany(this.settings, name);
    this.openCompany(company.id);
    const db = this.ledger.write;
    db.transaction(() => {
      setCompanyValue(db, 'name', name);
      appendAudit(db, 'user', 'company.create', company.id, { name });
    })();
    return company;
  }

  /** Opens the current company, else the first known one, else a new one. */
  ensureCompany(): Company {
    if (this.open) return this.open.company;
    const first = listCompanies(this.settings)[0];
    return first ? this.openCompany(first.id) : this.createCompany('My company');
  }

  /** Creates the demo company from our bundled statements and items the first time; opens it. */
  async openDemo(): Promise<Company> {
    const known = listCompanies(this.settings).find((c) => c.id === DEMO_COMPANY_ID);
    if (known) return this.openCompany(known.id);
    const company = addCompany(this.settings, 'Atelier Demo SARL', true);
    try {
      this.openCompany(company.id);
      await loadDemoCompany(this, (p) => this.events.emit('progress', p));
    } catch (error) {
      this.forgetCompany(company.id);
      throw error;
    }
    return company;
  }

  /** Drops a company whose creation failed, with its ledger file. */
  private forgetCompany(id: string): void {
    if (this.open?.company.id === id) {
      this.open.ledger.close();
      this.open = null;
    }
    const file = ledgerFile(this.dataDir, id);
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    this.settings.set('companies', listCompanies(this.settings).filter((c) => c.id !== id));
    this.settings.set('currentCompany', null);
  }

  close(): void {
    this.open?.ledger.close();
    this.open = null;
  }
}
