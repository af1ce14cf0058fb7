import { DEMO } from '../support/api.ts';
import { attackAsViewer } from './demo-attacker.ts';

// The LP attacker over the demo API as the network analyst (demo-attacker.ts, api-figures.ts).
attackAsViewer('the network analyst recovers no hidden figure', 'network', DEMO.networkAnalyst);
