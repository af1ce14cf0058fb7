import { DEMO } from '../support/api.ts';
import { attackAsViewer } from './demo-attacker.ts';

// The LP attacker over the demo API as the network analyst (demo-attacker.ts, api-figures.ts).
// The network's centers and every breakdown are one system per measure and year (decided in the
// workers like a municipality's): every additive indicator holds.
attackAsViewer('the network analyst recovers no hidden count, and shows none below k, from everything it can obtain', 'network', DEMO.networkAnalyst);
