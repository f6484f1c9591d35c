// Learned rules: what the bookkeeper assigned by hand, applied to the lines that come after.
import { foldAscii } from './normalize.js';
import type { BankLine } from './types.js';
import type { Rule } from '../ledger/rules.js';

export interface RulePattern {
  kind: 'text' | 'iban';
  pattern: string;
}

/** The first rule that applies to a line: an IBAN rule before a text rule, then the longest text. */
export function ruleFor<R extends RulePattern>(line: BankLine, rules: readonly R[]): R | null {
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

/** Rules that send lines to an account, and those that send them to a party. */
export function accountRules(rules: readonly Rule[]): (Rule & { glAccount: string })[] {
  return rules.filter((r): r is Rule & { glAccount: string } => r.glAccount !== null);
}

export function partyRules(rules: readonly Rule[]): { id: number; kind: 'text' | 'iban'; pattern: string; party: string }[] {
  return rules.flatMap((r) => (r.party === null ? [] : [{ id: r.id, kind: r.kind, pattern: r.pattern, party: r.party }]));
}

export function ruleReason(rule: RulePattern & { id: number }, to: string): string {
  return rule.kind === 'iban' ? `rule ${rule.id}: counterparty IBAN ${rule.pattern} goes to ${to}` : `rule ${rule.id}: text contains "${rule.pattern}", goes to ${to}`;
}
