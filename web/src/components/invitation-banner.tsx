import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../graphql.ts';
import { useAfterFirstScreen } from '../lib/first-screen.ts';

const PendingInvitations = graphql(`
  query PendingInvitations { myAccount { staffInvitations { id } } }
`);

/** A line on every page while a center's invitation waits for the person's answer. */
export function InvitationBanner() {
  const { t } = useTranslation();
  const location = useLocation();
  // Not before the first screen has shown (lib/first-screen.ts).
  const [query] = useQuery({ query: PendingInvitations, pause: !useAfterFirstScreen() });
  const count = query.data?.myAccount?.staffInvitations.length ?? 0;
  if (!count || location.pathname === '/account') return null;
  return (
    <div className="banner banner-info" role="status" data-testid="invitation-banner">
      {t('account.invitationBanner')} <Link to="/account">{t('account.invitationBannerLink')}</Link>
    </div>
  );
}
