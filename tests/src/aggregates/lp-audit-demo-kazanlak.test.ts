import { DEMO } from '../support/api.ts';
import { attackAsViewer } from './demo-attacker.ts';

// The LP attacker over the demo API as the Kazanlak municipal viewer (demo-attacker.ts, api-figures.ts).
attackAsViewer('the Kazanlak municipal viewer recovers no hidden figure', 'municipal', DEMO.kazanlakViewer);
