import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../shared/contract/index.js';
import { client } from '../api.js';
import { Amount } from '../components/common.js';
import { ListScreen } from '../components/ListScreen.js';
import { formatDate } from '../format.js';
import { useCall } from '../useCall.js';

export function FinancingScreen({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const state = useCall(() => client.call('financing.list', {}), []);
  return (
    <ListScreen title={t('financing.title')} empty={t('financing.empty')} state={state} testId="financing-table" columns={[
      { header: t('financing.created'), cell: (d) => formatDate(d.createdAt, locale) },
      { header: t('financing.partner'), cell: (d) => d.partner },
      { header: t('financing.status'), cell: (d) => d.status },
      { header: t('financing.amount'), numeric: true, cell: (d) => <Amount amount={d.amount} currency={d.currency} locale={locale} /> },
    ]} />
  );
}
