// One protected system: every figure a viewer can obtain from one set of finest cells, and
// which of them are hidden. Pure (no database, no GraphQL).
//
// 1. A figure is its set of finest cells: two tables that publish the same sum publish one
//    figure, so a value hidden in one is hidden in the other.
// 2. Primary: a figure of 1..k-1 is hidden (BELOW_K). 0 is a true zero and is shown.
// 3. Complementary, over the lines (a total and the figures that add up to it, in any table or
//    in time): a line never has exactly one hidden part, its hidden parts leave each small one
//    room to reach k, and a hidden total keeps a hidden part. The cheapest figure is hidden
//    first: the smallest value, then the finest (interior cells before margins and totals).
// 4. Audit and repair: for every hidden figure the attacker's linear programme (every published
//    figure fixed, every hidden one at least 1, every cell at least 0) gives its smallest and
//    largest possible value (with the identities: two breakdowns' cells that refine one cell add
//    up to it). A figure that is determined exactly, or whose largest value shows it is below
//    k, gets the complements of the cheapest change to published figures that frees it
//    (RepairModel). Repeat until no hidden figure is exposed, or nothing can free it (a figure
//    the viewer reads, fixed shown, in a coarser table pins it). Every solution a programme
//    returns is a table the attacker cannot tell from the true one, so it frees at once every
//    figure it already puts far enough from its true value: most figures need no programme.
// HiGHS (the `highs` package: the HiGHS solver compiled to WebAssembly) solves the programmes;
// each model is re-solved with a new objective or target from the last basis.
import highsModule from 'highs';
// The package's types describe an ES default export inside a CommonJS package: TypeScript sees
// the namespace, Node's ESM loader hands over the function itself.
const loadHighs = (highsModule.default ?? highsModule);
const highs = await loadHighs();
// One model for the process, emptied for each programme: creating a HiGHS instance costs more
// than a small solve. protect() is synchronous, so no two programmes ever share it at once.
const shared = highs.createModel();
shared.options.set({ output_flag: false, presolve: 'off', simplex_strategy: 4 });
const freshModel = () => {
    shared.clearModel();
    return shared;
};
const EPS = 1e-6;
const MAX_CHANGES = 200;
/** Hidden figures (by id) and why. */
export function protect(system, k) {
    const cellIndex = new Map();
    const cellValues = [];
    const cellOf = (key) => {
        const v = system.values.get(key) ?? 0;
        if (v <= 0)
            return null; // a true zero: no unknown for the attacker
        let i = cellIndex.get(key);
        if (i === undefined) {
            i = cellValues.length;
            cellIndex.set(key, i);
            cellValues.push(v);
        }
        return i;
    };
    // 1. One figure per distinct set of cells.
    const canonByKey = new Map();
    const canons = [];
    const canonOfId = new Map();
    for (const f of system.figures) {
        const cells = [...new Set(f.cells.map(cellOf).filter((c) => c !== null))].sort((a, b) => a - b);
        const key = cells.join(',');
        let c = canonByKey.get(key);
        if (c === undefined) {
            c = canons.length;
            canonByKey.set(key, c);
            canons.push({ cells, value: cells.reduce((s, i) => s + cellValues[i], 0), size: f.cells.length });
        }
        else {
            canons[c].size = Math.max(canons[c].size, f.cells.length);
        }
        canonOfId.set(f.id, c);
    }
    const identities = [];
    for (const { plus, minus } of system.identities ?? []) {
        const coef = new Map();
        for (const [keys, sign] of [[plus, 1], [minus, -1]]) {
            for (const key of keys) {
                const c = cellOf(key);
                if (c !== null)
                    coef.set(c, (coef.get(c) ?? 0) + sign);
            }
        }
        const cells = [...coef.keys()].filter((c) => coef.get(c) !== 0).sort((a, b) => a - b);
        if (cells.length > 0)
            identities.push({ cells, coefs: cells.map((c) => coef.get(c)) });
    }
    const n = canons.length;
    const canonIds = (ids) => {
        const out = new Set();
        for (const id of ids ?? []) {
            const c = canonOfId.get(id);
            if (c !== undefined)
                out.add(c);
        }
        return out;
    };
    const fixedShown = canonIds(system.fixedShown);
    const lastResort = canonIds(system.lastResort);
    const hidden = new Uint8Array(n);
    for (const c of canonIds(system.fixedHidden))
        if (canons[c].value > 0)
            hidden[c] = 1;
    // 2. Primary.
    for (let c = 0; c < n; c++)
        if (canons[c].value > 0 && canons[c].value < k)
            hidden[c] = 1;
    for (const c of fixedShown)
        hidden[c] = 0;
    // Lines in canonical figures; figures by the lines they are part or total of.
    const lines = [];
    const seenLine = new Set();
    for (const line of system.lines ?? []) {
        const total = canonOfId.get(line.total);
        if (total === undefined)
            continue;
        const parts = [...new Set(line.parts.map((p) => canonOfId.get(p)).filter((p) => p !== undefined && p !== total))];
        if (parts.length === 0)
            continue;
        parts.sort((a, b) => a - b);
        const key = `${total}:${parts.join(',')}`;
        if (seenLine.has(key))
            continue;
        seenLine.add(key);
        lines.push({ total, parts });
    }
    const linesAsPart = Array.from({ length: n }, () => []);
    const linesAsTotal = Array.from({ length: n }, () => []);
    lines.forEach((line, i) => {
        linesAsTotal[line.total].push(i);
        for (const p of line.parts)
            linesAsPart[p].push(i);
    });
    const hideable = (c, allowLastResort) => !hidden[c] && canons[c].value > 0 && !fixedShown.has(c) && (allowLastResort || !lastResort.has(c));
    const cheaper = (a, b) => canons[a].value - canons[b].value || canons[a].size - canons[b].size || a - b;
    const cheapest = (candidates, allowLastResort = false) => {
        let best = null;
        for (const c of candidates)
            if (hideable(c, allowLastResort) && (best === null || cheaper(c, best) < 0))
                best = c;
        return best;
    };
    // 3. Complementary over the lines, until every line is safe.
    const closeLines = () => {
        const queue = lines.map((_, i) => i);
        const queued = new Uint8Array(lines.length).fill(1);
        const touch = (c) => {
            for (const i of [...linesAsPart[c], ...linesAsTotal[c]]) {
                if (!queued[i]) {
                    queued[i] = 1;
                    queue.push(i);
                }
            }
        };
        while (queue.length > 0) {
            const i = queue.pop();
            queued[i] = 0;
            const line = lines[i];
            for (;;) {
                let hiddenCount = 0;
                let hiddenSum = 0;
                let small = false;
                let nonZero = 0;
                for (const p of line.parts) {
                    const v = canons[p].value;
                    if (v <= 0)
                        continue;
                    nonZero++;
                    if (hidden[p]) {
                        hiddenCount++;
                        hiddenSum += v;
                        if (v < k)
                            small = true;
                    }
                }
                const unsafe = hidden[line.total]
                    ? hiddenCount === 0 && nonZero > 0
                    : hiddenCount === 1 || (small && hiddenSum - (hiddenCount - 1) < k);
                if (!unsafe)
                    break;
                const next = cheapest(line.parts) ?? (hideable(line.total, false) ? line.total : null) ?? cheapest(line.parts, true);
                if (next === null)
                    break; // nothing left to hide here: the audit decides
                hidden[next] = 1;
                touch(next);
            }
        }
    };
    closeLines();
    // 4. Audit and repair, smallest exposed figure first. The complements for an exposed figure
    // come from one more programme: the cheapest change to the published figures (weighted by
    // what hiding each would lose: its value, more for margins and totals, most for the last
    // resort) that lets the figure reach k (or move at all, for a complement); every figure that
    // change touches is hidden. Nothing the viewer reads in a coarser table (fixed shown) and no
    // true zero may change. Only components that changed are audited again.
    const changedCells = (before) => {
        const out = new Set();
        for (let c = 0; c < n; c++)
            if (hidden[c] !== before[c])
                for (const x of canons[c].cells)
                    out.add(x);
        return out;
    };
    const given = new Uint8Array(n); // exposed figures nothing can protect: not tried again
    let dirty = null; // cells whose figures changed status; null: audit everything
    // A bound on the work of one system (a request waits for it): past it, the figures still
    // exposed stay as the lines left them.
    let changes = 0;
    const weight = (c) => fixedShown.has(c) ? Infinity : lastResort.has(c) ? 1000 * canons[c].value : canons[c].value * (1 + Math.log2(canons[c].cells.length));
    let repairs = null;
    for (let round = 0; round < 50 && changes < MAX_CHANGES; round++) {
        const exposed = audit(canons, identities, cellValues, hidden, k, dirty).filter((figure) => !given[figure]);
        if (exposed.length === 0)
            break;
        exposed.sort((a, b) => canons[a].value - canons[b].value || a - b);
        const roundStart = Uint8Array.from(hidden);
        repairs ??= new RepairModel(canons, identities, cellValues.length, weight);
        let repaired = 0;
        const hideAll = (change) => {
            for (const c of change) {
                if (canons[c].value > 0 && !hidden[c]) {
                    hidden[c] = 1;
                    repaired++;
                }
            }
        };
        const targetOf = (figure) => (canons[figure].value < k ? k : canons[figure].value + 1);
        // One after another on the current state. A repair's solution is a table the attacker cannot
        // tell from the true one once its changed figures are hidden: an exposed figure it already
        // puts at its target is freed by that repair and needs none of its own.
        const freed = new Uint8Array(n);
        for (const figure of exposed) {
            if (!hidden[figure] || freed[figure] || changes >= MAX_CHANGES)
                continue;
            changes++;
            repairs.hide(hidden);
            const change = repairs.cheapestChange(figure, targetOf(figure));
            if (change === null) {
                given[figure] = 1;
                continue;
            }
            hideAll(change);
            for (const e of exposed)
                if (!freed[e] && repairs.valueOf(canons[e].cells) >= targetOf(e) - EPS)
                    freed[e] = 1;
        }
        if (repaired === 0)
            break;
        closeLines();
        dirty = changedCells(roundStart);
    }
    repairs?.dispose(); // Wasm memory is not collected
    const out = new Map();
    for (const [id, c] of canonOfId)
        if (hidden[c])
            out.set(id, canons[c].value < k ? 'BELOW_K' : 'PROTECTS_OTHER');
    return out;
}
/**
 * The attacker's view: for each hidden figure, its smallest and largest value consistent with
 * everything published. Returns the exposed ones (figure indices).
 */
function audit(canons, identities, cellValues, hidden, k, dirty) {
    const cellCount = cellValues.length;
    // A cell that is itself a published figure is known: a constant, not an unknown.
    const known = new Uint8Array(cellCount);
    canons.forEach((f, c) => {
        if (!hidden[c] && f.cells.length === 1) {
            known[f.cells[0]] = 1;
        }
    });
    // Constraints over unknown cells; union-find joins the cells of each constraint.
    const parent = Int32Array.from({ length: cellCount }, (_, i) => i);
    const find = (x) => {
        while (parent[x] !== x)
            x = parent[x] = parent[parent[x]];
        return x;
    };
    const rows = [];
    const seen = new Set();
    canons.forEach((f, c) => {
        const unknown = f.cells.filter((x) => !known[x]);
        if (unknown.length === 0)
            return;
        const constant = f.cells.reduce((s, x) => s + (known[x] ? cellValues[x] : 0), 0);
        const key = `${hidden[c]}:${unknown.join(',')}`;
        if (seen.has(key))
            return;
        seen.add(key);
        if (hidden[c]) {
            if (constant >= 1)
                return; // at least 1 already
            rows.push({ cells: unknown, lower: 1 - constant, upper: Infinity });
        }
        else {
            rows.push({ cells: unknown, lower: f.value - constant, upper: f.value - constant });
        }
        for (const x of unknown)
            parent[find(x)] = find(unknown[0]);
    });
    for (const { cells, coefs } of identities) {
        const unknown = [];
        const unknownCoefs = [];
        let constant = 0;
        cells.forEach((x, i) => {
            if (known[x])
                constant += coefs[i] * cellValues[x];
            else {
                unknown.push(x);
                unknownCoefs.push(coefs[i]);
            }
        });
        if (unknown.length === 0)
            continue;
        rows.push({ cells: unknown, coefs: unknownCoefs, lower: -constant, upper: -constant });
        for (const x of unknown)
            parent[find(x)] = find(unknown[0]);
    }
    const byComponent = new Map();
    for (const r of rows) {
        const root = find(r.cells[0]);
        const list = byComponent.get(root) ?? [];
        list.push(r);
        byComponent.set(root, list);
    }
    // Components with a changed cell (or all, the first time); a cell outside every row is its own.
    const audited = (root) => dirty === null || dirtyRoots.has(root);
    const dirtyRoots = new Set();
    for (const x of dirty ?? [])
        dirtyRoots.add(find(x));
    const exposed = [];
    // The hidden figures to audit, and one programme holding every component they touch (the
    // components are independent blocks; one model re-solved per objective is far cheaper than a
    // model per component, whose first solve costs milliseconds).
    const targets = [];
    const roots = new Set();
    canons.forEach((f, c) => {
        if (!hidden[c])
            return;
        const unknown = f.cells.filter((x) => !known[x]);
        if (unknown.length === 0) {
            if (dirty === null || f.cells.some((x) => dirty.has(x)))
                exposed.push(c);
            return;
        }
        if (!unknown.some((x) => audited(find(x))))
            return;
        for (const x of unknown)
            roots.add(find(x));
        targets.push({ figure: c, unknown, constant: f.value - unknown.reduce((s, x) => s + cellValues[x], 0) });
    });
    if (targets.length === 0)
        return exposed;
    const model = new LpModel([...roots].flatMap((root) => byComponent.get(root) ?? []));
    // Every solution the solver returns is a table the attacker cannot tell from the true one: a
    // figure it already puts at k or more (below k: no proof it is small), or both above and
    // below the true value (not determined), needs no programme of its own.
    const freedUp = new Uint8Array(targets.length);
    const freedDown = new Uint8Array(targets.length);
    const learn = () => {
        targets.forEach((t, i) => {
            if (freedUp[i] && freedDown[i])
                return;
            const v = t.constant + model.valueOf(t.unknown);
            const f = canons[t.figure];
            if (f.value < k ? v >= k - EPS : v > f.value + 0.5)
                freedUp[i] = 1;
            if (v < f.value - 0.5)
                freedDown[i] = 1;
        });
    };
    targets.forEach(({ figure: c, unknown, constant }, i) => {
        const f = canons[c];
        // Below k: exposed when its largest value is below k too.
        if (f.value < k) {
            if (freedUp[i])
                return;
            const hi = constant + model.solve(unknown, 'max');
            if (hi !== Infinity)
                learn();
            if (hi < k - EPS)
                exposed.push(c);
            return;
        }
        // k or more: exposed only when determined exactly (neither larger nor smaller is possible).
        if (freedUp[i] || freedDown[i])
            return;
        const hi = constant + model.solve(unknown, 'max');
        if (hi !== Infinity)
            learn();
        if (hi > f.value + 0.5 || freedDown[i])
            return;
        const lo = constant + model.solve(unknown, 'min');
        if (lo !== -Infinity)
            learn();
        if (lo >= f.value - 0.5)
            exposed.push(c);
    });
    return exposed;
}
/**
 * The cheapest set of published figures whose change lets a figure reach a target: minimise the
 * weighted change of published figures, with every non-zero figure at least 1 and every cell
 * at least 0. One model for a protect() call: a figure hidden since the last solve loses the
 * cost of its change, and the target row is rewritten for each figure, so every solve starts
 * from the last basis.
 */
class RepairModel {
    canons;
    model = highs.createModel();
    slack = []; // figure → its first slack column (over, under), or -1
    free = new Uint8Array(0); // figures whose change costs nothing (hidden)
    targetRow;
    targetCells = [];
    constructor(canons, identities, cellCount, weight) {
        this.canons = canons;
        const m = this.model;
        m.options.set({ output_flag: false, simplex_strategy: 4 });
        m.changeObjectiveSense(highs.constants.objectiveSense.minimize);
        if (cellCount > 0)
            m.addVars(new Array(cellCount).fill(0), new Array(cellCount).fill(highs.infinity));
        this.free = new Uint8Array(canons.length);
        let columns = cellCount;
        let rows = 0;
        canons.forEach((f, c) => {
            this.slack.push(-1);
            if (f.cells.length === 0)
                return;
            const ones = f.cells.map(() => 1);
            const w = weight(c);
            if (f.value > 0 && Number.isFinite(w)) {
                // value + over − under = Σ cells; over, under ≥ 0 cost w each (nothing once hidden).
                m.addVars([0, 0], [highs.infinity, highs.infinity]);
                m.changeColsCost({ kind: 'set', indices: [columns, columns + 1] }, [w, w]);
                this.slack[c] = columns;
                m.addRow(f.value, f.value, { indices: [...f.cells, columns, columns + 1], values: [...ones, -1, 1] });
                m.addRow(1, highs.infinity, { indices: [...f.cells], values: ones });
                columns += 2;
                rows += 2;
            }
            else {
                // Fixed shown, or a true zero: it may not change.
                m.addRow(f.value, f.value, { indices: [...f.cells], values: ones });
                rows++;
            }
        });
        for (const { cells: indices, coefs } of identities) {
            m.addRow(0, 0, { indices, values: coefs });
            rows++;
        }
        this.targetRow = rows;
        m.addRow(-highs.infinity, highs.infinity, { indices: [], values: [] });
    }
    dispose() {
        this.model.dispose();
    }
    /** Hidden figures' changes are free from now on. */
    hide(hidden) {
        const now = [];
        hidden.forEach((h, c) => {
            if (h && !this.free[c] && this.slack[c] >= 0) {
                this.free[c] = 1;
                now.push(this.slack[c], this.slack[c] + 1);
            }
        });
        if (now.length > 0) {
            now.sort((a, b) => a - b);
            this.model.changeColsCost({ kind: 'set', indices: now }, now.map(() => 0));
        }
    }
    /** The published figures that must change for every figure to reach its target at once; null when they cannot. */
    cheapestChangeTogether(targets) {
        const m = this.model;
        const first = this.targetRow + 1;
        for (const [figure, target] of targets) {
            const cells = this.canons[figure].cells;
            m.addRow(target, highs.infinity, { indices: [...cells], values: cells.map(() => 1) });
        }
        m.run();
        const ok = m.getModelStatus() === highs.constants.modelStatus.optimal;
        const changed = ok ? this.changed() : null;
        m.deleteRows({ kind: 'range', from: first, to: first + targets.length - 1 });
        return changed;
    }
    point = [];
    /** The sum of these cells in the last solution. */
    valueOf(cells) {
        let sum = 0;
        for (const x of cells)
            sum += this.point[x] ?? 0;
        return sum;
    }
    changed() {
        const x = (this.point = this.model.getSolution().colValue);
        const out = [];
        this.slack.forEach((col, c) => {
            if (col >= 0 && !this.free[c] && x[col] + x[col + 1] > EPS)
                out.push(c);
        });
        return out;
    }
    /** The published figures that must change for `figure` to reach `target`; null when none can. */
    cheapestChange(figure, target) {
        const m = this.model;
        for (const x of this.targetCells)
            m.changeCoefficient(this.targetRow, x, 0);
        this.targetCells = [...this.canons[figure].cells];
        for (const x of this.targetCells)
            m.changeCoefficient(this.targetRow, x, 1);
        m.changeRowBounds(this.targetRow, target, highs.infinity);
        m.run();
        if (m.getModelStatus() !== highs.constants.modelStatus.optimal)
            return null;
        return this.changed();
    }
}
/** One persistent HiGHS model: the attacker's constraints, re-solved for each objective from the last basis. */
class LpModel {
    model;
    columns = new Map(); // cell → column
    lastObjective = [];
    point = [];
    constructor(rows) {
        this.model = freshModel();
        this.model.changeObjectiveSense(highs.constants.objectiveSense.minimize);
        for (const r of rows)
            for (const x of r.cells)
                if (!this.columns.has(x))
                    this.columns.set(x, this.columns.size);
        const count = this.columns.size;
        if (count > 0)
            this.model.addVars(new Array(count).fill(0), new Array(count).fill(highs.infinity));
        for (const r of rows) {
            this.model.addRow(r.lower, r.upper === Infinity ? highs.infinity : r.upper, {
                indices: r.cells.map((x) => this.columns.get(x)),
                values: r.coefs ?? r.cells.map(() => 1),
            });
        }
    }
    /** The largest or smallest sum of these cells; ±Infinity when unbounded. */
    solve(cells, sense) {
        const m = this.model;
        if (this.lastObjective.length > 0)
            m.changeColsCost({ kind: 'set', indices: this.lastObjective }, this.lastObjective.map(() => 0));
        const cols = cells.map((x) => this.columns.get(x));
        // A cell in no constraint is free upwards (and can fall to 0).
        if (cols.some((c) => c === undefined)) {
            if (sense === 'max')
                return Infinity;
        }
        // HiGHS wants a set's indices strictly increasing.
        this.lastObjective = [...new Set(cols.filter((c) => c !== undefined))].sort((a, b) => a - b);
        if (this.lastObjective.length === 0)
            return 0;
        // Always minimise (−Σ for a maximum): the sense never changes, so each solve starts from the
        // last basis (the primal simplex keeps it feasible).
        m.changeColsCost({ kind: 'set', indices: this.lastObjective }, this.lastObjective.map(() => (sense === 'max' ? -1 : 1)));
        m.run();
        const status = m.getModelStatus();
        if (status === highs.constants.modelStatus.unbounded || status === highs.constants.modelStatus.unboundedOrInfeasible) {
            return sense === 'max' ? Infinity : -Infinity;
        }
        if (status !== highs.constants.modelStatus.optimal)
            throw new Error(`suppression audit: the solver stopped with status ${status}`);
        this.point = m.getSolution().colValue;
        return sense === 'max' ? -m.getObjectiveValue() : m.getObjectiveValue();
    }
    /** The sum of these cells in the last solution (a cell in no constraint: 0). */
    valueOf(cells) {
        let sum = 0;
        for (const x of cells) {
            const col = this.columns.get(x);
            if (col !== undefined)
                sum += this.point[col] ?? 0;
        }
        return sum;
    }
}
//# sourceMappingURL=protect.js.map