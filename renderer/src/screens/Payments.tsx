import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../shared/contract/index.js';
import { client } from '../api.js';
import { Amount } from '../components/common.js';
import { ListScreen } from '../components/ListScreen.js';
import { formatDate } from '../format.js';
import { useCall } from '../useCall.js';

export function PaymentsScreen({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const state = useCall(() => client.call('payments.list', {}), []);
  return (
    <ListScreen title={t('payments.title')} empty={t('payments.empty')} state={state} testId="payments-table" columns={[
      { header: t('payments.date'), cell: (p) => formatDate(p.requestedDate, locale) },
      { header: t('payments.creditor'), cell: (p) => p.creditorName },
      { header: t('payments.status'), cell: (p) => p.status },
      { header: t('payments.amount'), numeric: true, cell: (p) => <Amount amount={p.amount} currency={p.currency} locale={locale} /> },
    ]} />
  );
}
