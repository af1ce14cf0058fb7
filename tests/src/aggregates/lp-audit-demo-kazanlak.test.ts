import { DEMO } from '../support/api.ts';
import { attackAsViewer } from './demo-attacker.ts';

// The LP attacker over the demo API as the Kazanlak municipal viewer (demo-attacker.ts, api-figures.ts).
// Sessions and group attendances hold; the other indicators are still open under issue #12.
attackAsViewer('the Kazanlak municipal viewer recovers no hidden count of sessions or group attendances', 'municipal', DEMO.kazanlakViewer, ['SESSIONS', 'GROUP_ATTENDANCES']);
