import { DEMO } from '../support/api.ts';
import { attackAsViewer } from './demo-attacker.ts';

// The LP attacker over the demo API as the network analyst (demo-attacker.ts, api-figures.ts).
// Group attendances hold; the other indicators are still open under issue #12.
attackAsViewer('the network analyst recovers no hidden count of group attendances', 'network', DEMO.networkAnalyst, ['GROUP_ATTENDANCES']);
