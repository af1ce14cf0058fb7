import { DEMO } from '../support/api.ts';
import { attackAsViewer } from './demo-attacker.ts';

// The LP attacker over the demo API as the Plovdiv municipal viewer (demo-attacker.ts, api-figures.ts).
// Sessions and group attendances hold; the other indicators are still open under issue #12.
attackAsViewer('the Plovdiv municipal viewer recovers no hidden count of sessions or group attendances', 'municipal', DEMO.plovdivViewer, ['SESSIONS', 'GROUP_ATTENDANCES']);
