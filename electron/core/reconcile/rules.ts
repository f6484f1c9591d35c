// Learned rules: what the bookkeeper assigned by hand, applied to the lines that come after.
import { foldAscii } from './normalize.js';
import type { BankLine } from './types.js';
import type { Rule } from '../ledger/rules.js';

/** The first rule that applies to a line: an IBAN rule before a text rule, then the longest text. */
export function ruleFor(line: BankLine, rules: readonly Rule[]): Rule | null {
  const iban = line.counterpartyIban?.replace(/\s+/g, '').toUpperCase();
  const byIban = iban ? rules.find((r) => r.kind === 'iban' && r.pattern === iban) : undefined;
  if (byIban) return byIban;
  const text = foldAscii(`${line.description} ${line.counterpartyName ?? ''}`).toLowerCase();
  const byText = rules
    .filter((r) => r.kind === 'text' && text.includes(foldAscii(r.pattern).toLowerCase()))
    .sort((a, b) => b.pattern.length - a.pattern.length);
  return byText[0] ?? null;
}

/** What to offer as a rule when a line is assigned by hand: its counterparty IBAN, else the start of its text. */
export function suggestedRule(line: BankLine): { kind: 'text' | 'iban'; pattern: string } | null {
  if (line.counterpartyIban) return { kind: 'iban', pattern: line.counterpartyIban.replace(/\s+/g, '').toUpperCase() };
  // The words before any number: "PRLV SEPA URSSAF ILE DE FRANCE 0926" -> "PRLV SEPA URSSAF ILE DE FRANCE".
  const words = line.description.trim().split(/\s+/);
  const kept: string[] = [];
  for (const word of words) {
    if (/\d/.test(word)) break;
    kept.push(word);
  }
  const pattern = kept.join(' ').slice(0, 60);
  return pattern.length >= 4 ? { kind: 'text', pattern } : null;
}

export function ruleReason(rule: Rule): string {
  return rule.kind === 'iban' ? `rule ${rule.id}: counterparty IBAN ${rule.pattern} goes to ${rule.glAccount}` : `rule ${rule.id}: text contains "${rule.pattern}", goes to ${rule.glAccount}`;
}
