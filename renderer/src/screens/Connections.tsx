import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../shared/contract/index.js';
import { client } from '../api.js';
import { ListScreen } from '../components/ListScreen.js';
import { formatDate } from '../format.js';
import { useCall } from '../useCall.js';

export function ConnectionsScreen({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const state = useCall(() => client.call('connections.list', {}), []);
  return (
    <ListScreen title={t('connections.title')} empty={t('connections.empty')} state={state} testId="connections-table" columns={[
      { header: t('connections.label'), cell: (c) => c.label },
      { header: t('connections.provider'), cell: (c) => c.provider },
      { header: t('connections.status'), cell: (c) => c.status },
      { header: t('connections.lastSync'), cell: (c) => formatDate(c.lastSyncAt, locale) },
    ]} />
  );
}
