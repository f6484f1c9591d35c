import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCore } from '../../../test/helpers/core.js';
import { tempDirs } from '../../../test/helpers/temp.js';
import { listOpenItems } from '../ledger/items.js';
import { importItemsCsv } from './items.js';

const temp = tempDirs();
const HEADER = 'id,kind,party,party_iban,reference,issue_date,due_date,amount,currency';

function setup() {
  const dir = temp();
  const { core } = makeCore(path.join(dir, 'data'));
  core.ensureCompany();
  const write = (text: string) => {
    const file = path.join(dir, `items-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(file, text);
    return file;
  };
  return { core, write };
}

describe('open items from CSV', () => {
  it('imports, then updates by id without duplicating', async () => {
    const { core, write } = setup();
    const first = await importItemsCsv(core.ledger, write(`${HEADER}\nFAC-1,receivable,"Hôtel du Port, SAS",FR76 3000 6000 0112 3456 7890 189,FAC-1,2026-09-01,2026-10-01,1200.50,EUR\nB-7,payable,Papeterie,,FA7,,,80,EUR\n`), 'test');
    expect(first).toMatchObject({ inserted: 2, updated: 0, unchanged: 0 });
    const again = await importItemsCsv(core.ledger, write(`${HEADER}\nFAC-1,receivable,"Hôtel du Port, SAS",FR7630006000011234567890189,FAC-1,2026-09-01,2026-10-01,1250.50,EUR\nB-7,payable,Papeterie,,FA7,,,80.00,EUR\n`), 'test');
    expect(again).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    const items = listOpenItems(core.ledger, true);
    expect(items.map((i) => [i.externalId, i.party, i.partyIban, i.amount, i.openAmount])).toEqual([
      ['FAC-1', 'Hôtel du Port, SAS', 'FR7630006000011234567890189', '1250.50', '1250.50'],
      ['B-7', 'Papeterie', null, '80.00', '80.00'],
    ]);
    core.close();
  });

  it('refuses a bad row with its line and column, and writes nothing', async () => {
    const { core, write } = setup();
    const cases: [string, RegExp][] = [
      [`${HEADER}\nA,receivable,X,,,,,12.5,EUR\nB,gift,X,,,,,1,EUR\n`, /line 3, column kind: "gift" is not receivable or payable/],
      [`${HEADER}\nA,receivable,X,,,,,-12,EUR\n`, /line 2, column amount: "-12" must be positive/],
      [`${HEADER}\nA,receivable,X,,,,,12.345,EUR\n`, /line 2, column amount: .*more decimals than EUR/],
      [`${HEADER}\nA,receivable,X,,,2026-02-30,,12,EUR\n`, /line 2, column issue_date: "2026-02-30" is not a date/],
      [`${HEADER}\nA,receivable,X,FR761234,,,,12,EUR\n`, /line 2, column party_iban/],
      [`${HEADER}\nA,receivable,X,,,,,12,EURO\n`, /line 2, column currency/],
      [`${HEADER}\nA,receivable,X,,,,,12,EUR\nA,payable,Y,,,,,3,EUR\n`, /line 3, column id: id "A" appears twice/],
      ['id,kind,party\nA,receivable,X\n', /missing column\(s\) party_iban/],
    ];
    for (const [text, message] of cases) await expect(importItemsCsv(core.ledger, write(text), 'test')).rejects.toThrow(message);
    expect(listOpenItems(core.ledger, false)).toEqual([]);
    core.close();
  });
});
