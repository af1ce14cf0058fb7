import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../graphql.ts';

const PendingInvitations = graphql(`
  query PendingInvitations { myAccount { staffInvitations { id } } }
`);

/** A line on every page while a center's invitation waits for the person's answer. */
export function InvitationBanner() {
  const { t } = useTranslation();
  const location = useLocation();
  const [query] = useQuery({ query: PendingInvitations });
  const count = query.data?.myAccount?.staffInvitations.length ?? 0;
  if (!count || location.pathname === '/account') return null;
  return (
    <div className="banner banner-info" role="status" data-testid="invitation-banner">
      {t('account.invitationBanner')} <Link to="/account">{t('account.invitationBannerLink')}</Link>
    </div>
  );
}
