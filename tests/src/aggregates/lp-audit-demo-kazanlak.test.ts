import { DEMO } from '../support/api.ts';
import { attackAsViewer } from './demo-attacker.ts';

// The LP attacker over the demo API as the Kazanlak municipal viewer (demo-attacker.ts, api-figures.ts): every
// additive indicator, every breakdown, the year, its quarters and its months, together.
attackAsViewer('the Kazanlak municipal viewer recovers no hidden count, and shows none below k, from everything it can obtain', 'municipal', DEMO.kazanlakViewer);
