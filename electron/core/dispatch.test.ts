import { describe, expect, it } from 'vitest';
import { makeCore } from '../../test/helpers/core.js';
import { tempDirs } from '../../test/helpers/temp.js';

const temp = tempDirs();

describe('dispatch: the contract at the core boundary', () => {
  it('refuses invalid input with a typed error that says where, and changes nothing', async () => {
    const { core, dispatch } = makeCore(temp());
    const before = core.companyState();
    const result = await dispatch('company.create', { name: '   ' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', where: 'name' } });
    expect(await dispatch('company.create', { name: 'X', extra: true })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await dispatch('entries.list', { limit: 100000 })).toMatchObject({ ok: false, error: { code: 'invalid_input', where: 'limit' } });
    expect(await dispatch('company.open', { id: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid_input', where: 'id' } });
    expect(core.companyState()).toEqual(before);
    core.close();
  });

  it('answers unknown operations and missing companies with typed errors', async () => {
    const { core, dispatch } = makeCore(temp());
    expect(await dispatch('ledger.dropEverything', {})).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
    expect(await dispatch('accounts.list', {})).toMatchObject({ ok: false, error: { code: 'no_company' } });
    core.close();
  });

  it('creates a company, audits it, and lists its empty ledger', async () => {
    const { core, dispatch } = makeCore(temp());
    const created = await dispatch('company.create', { name: 'Menuiserie Roux' });
    expect(created).toMatchObject({ ok: true, value: { name: 'Menuiserie Roux', demo: false } });
    expect(await dispatch('accounts.list', {})).toEqual({ ok: true, value: [] });
    const audit = await dispatch('audit.list', {});
    expect(audit).toMatchObject({ ok: true, value: [{ actor: 'user', action: 'company.create' }] });
    core.close();
  });

  it('saves settings through the same schema', async () => {
    const dataDir = temp();
    const { core, dispatch } = makeCore(dataDir);
    expect(await dispatch('settings.update', { locale: 'da' })).toEqual({ ok: true, value: { locale: 'da' } });
    expect(await dispatch('settings.update', { locale: 'de' })).toMatchObject({ ok: false, error: { code: 'invalid_input', where: 'locale' } });
    core.close();
    const again = makeCore(dataDir);
    expect(await again.dispatch('settings.get', {})).toEqual({ ok: true, value: { locale: 'da' } });
    again.core.close();
  });
});
