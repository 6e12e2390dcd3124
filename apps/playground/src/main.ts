/**
 * playground/main: the page. Reads the settings from the URL, runs one training worker per variant, draws every
 * snapshot and mirrors the state on document.body.dataset (epoch, activeNodes, testMse, status, and per variant
 * e.g. activeNodesSpectral) for tests and scripts.
 */
import { AVERAGE_DIMENSION_THRESHOLD } from '@spectral-ts/pruning';
import { barChart, lineChart } from './charts';
import type { Finished, FromWorker, Snapshot } from './messages';
import { drawNetwork } from './network-view';
import { parseSettings, settingsQuery, variantsOf, type Settings, type Variant } from './settings';
import TrainWorker from './train-worker?worker&inline';

const COLORS: Record<Variant, string> = { spectral: '#7c3aed', direct: '#0d9488' };
const DELTA_FLOOR = 1e-6;

interface Run {
  variant: Variant;
  worker: Worker;
  panel: HTMLElement;
  loss: [number, number][];
  val: [number, number][];
  active: [number, number][];
  last?: Snapshot;
  done?: Finished;
  error?: string;
}

const form = document.getElementById('controls') as HTMLFormElement;
const startButton = document.getElementById('start') as HTMLButtonElement;
const pauseButton = document.getElementById('pause') as HTMLButtonElement;
const errorBox = document.getElementById('error') as HTMLElement;
const statusBox = document.getElementById('status') as HTMLElement;
const panels = document.getElementById('panels') as HTMLElement;
let runs: Run[] = [];
let settings: Settings;
let paused = false;
let drawQueued = false;

const capital = (v: string) => v[0].toUpperCase() + v.slice(1);

function setStatus(status: 'idle' | 'training' | 'paused' | 'done' | 'error'): void {
  document.body.dataset.status = status;
  statusBox.textContent = status;
  pauseButton.disabled = status !== 'training' && status !== 'paused';
  pauseButton.textContent = status === 'paused' ? 'resume' : 'pause';
}

function fillForm(s: Settings): void {
  const set = (name: string, value: string) => ((form.elements.namedItem(name) as HTMLInputElement).value = value);
  set('teacher', s.teacher.join(','));
  set('student', String(s.student));
  set('variant', s.variant);
  set('epochs', String(s.epochs));
  set('learningRate', String(s.learningRate));
  set('seed', String(s.seed));
  set('train', String(s.train));
}

function readForm(): Settings {
  const q = new URLSearchParams();
  for (const name of ['teacher', 'student', 'variant', 'epochs', 'learningRate', 'seed', 'train']) {
    q.set(name, (form.elements.namedItem(name) as HTMLInputElement).value);
  }
  return parseSettings(q);
}

function showError(message: string | null): void {
  errorBox.hidden = message === null;
  errorBox.textContent = message ?? '';
}

function stop(): void {
  runs.forEach((r) => r.worker.terminate());
  runs = [];
  panels.replaceChildren();
  paused = false;
  for (const key of Object.keys(document.body.dataset)) delete document.body.dataset[key];
  setStatus('idle');
}

function start(): void {
  let next: Settings;
  try {
    next = readForm();
  } catch (e) {
    showError(e instanceof Error ? e.message : String(e));
    return;
  }
  showError(null);
  stop();
  settings = next;
  // The address now names this run: shared or reloaded, it starts the same training.
  history.replaceState(null, '', `?${settingsQuery({ ...settings, autostart: true })}`);
  const template = document.getElementById('panel') as HTMLTemplateElement;
  runs = variantsOf(settings.variant).map((variant) => {
    const panel = (template.content.firstElementChild as HTMLElement).cloneNode(true) as HTMLElement;
    panel.dataset.variant = variant;
    panel.querySelector('.variant')!.textContent = variant;
    panels.appendChild(panel);
    const worker = new TrainWorker();
    const run: Run = { variant, worker, panel, loss: [], val: [], active: [] };
    worker.onmessage = (e: MessageEvent<FromWorker>) => receive(run, e.data);
    worker.onerror = (e) => receive(run, { type: 'error', variant, message: e.message || 'the worker failed' });
    worker.postMessage({ type: 'start', settings, variant });
    const slider = panel.querySelector('.slider') as HTMLInputElement;
    slider.addEventListener('input', () => drawPruned(run));
    return run;
  });
  setStatus('training');
}

function receive(run: Run, msg: FromWorker): void {
  if (!runs.includes(run)) return;
  if (msg.type === 'error') {
    run.error = msg.message;
    showError(`${msg.variant}: ${msg.message}`);
  } else {
    for (const h of msg.history) {
      run.loss.push([h.epoch, h.trainLoss]);
      if (h.valMse !== null) run.val.push([h.epoch, h.valMse]);
    }
    run.active.push([msg.epoch, msg.activeNodes]);
    run.last = msg;
    if (msg.type === 'done') {
      run.done = msg;
      const slider = run.panel.querySelector('.slider') as HTMLInputElement;
      slider.max = String(msg.curve.length - 1);
      slider.value = String(Math.min(msg.teacherSize, msg.curve.length - 1));
      slider.disabled = false;
    }
  }
  publish();
  // A hidden page draws nothing (no animation frames), so it acknowledges at once and the dataset stays current.
  if (document.hidden) run.worker.postMessage({ type: 'drawn' });
  if (!drawQueued) {
    drawQueued = true;
    requestAnimationFrame(() => {
      drawQueued = false;
      runs.forEach(draw);
      runs.forEach((r) => r.worker.postMessage({ type: 'drawn' }));
    });
  }
}

/** document.body.dataset: the first variant's numbers, and with two variants every variant's under its own name. */
function publish(): void {
  const d = document.body.dataset;
  const first = runs[0]?.last;
  if (first) {
    d.epoch = String(first.epoch);
    d.activeNodes = String(first.activeNodes);
    d.testMse = first.testMse.toPrecision(4);
    d.teacherSize = String(first.teacherSize);
  }
  if (runs.length > 1) {
    for (const r of runs) {
      if (!r.last) continue;
      d[`epoch${capital(r.variant)}`] = String(r.last.epoch);
      d[`activeNodes${capital(r.variant)}`] = String(r.last.activeNodes);
      d[`testMse${capital(r.variant)}`] = r.last.testMse.toPrecision(4);
    }
  }
  if (runs.some((r) => r.error)) setStatus('error');
  else if (runs.every((r) => r.done)) setStatus('done');
}

function draw(run: Run): void {
  const s = run.last;
  if (!s) return;
  const q = (sel: string) => run.panel.querySelector(sel) as SVGSVGElement;
  const color = COLORS[run.variant];
  run.panel.querySelector('.summary')!.textContent =
    `epoch ${s.epoch}/${s.epochs} · active ${s.activeNodes} (h_T ${s.teacherSize}) · ` +
    `test MSE ${s.testMse.toPrecision(3)}` +
    (run.done ? ` · engine ${run.done.engine}` : '');
  lineChart(
    q('.loss'),
    [
      { name: 'train loss', color, points: run.loss },
      { name: 'validation MSE', color: '#f59e0b', points: run.val },
    ],
    { xLabel: 'epoch', yLabel: 'loss', logY: true, xRange: [0, s.epochs] },
  );
  const max = Math.max(...s.scores);
  const rel = s.scores.map((v) => (max > 0 ? v / max : 0)).sort((a, b) => b - a);
  barChart(q('.eigen'), rel, AVERAGE_DIMENSION_THRESHOLD, color, 'hidden node, sorted');
  lineChart(q('.active'), [{ name: 'active nodes', color, points: run.active }], {
    xLabel: 'epoch',
    yLabel: 'nodes',
    xRange: [0, s.epochs],
    yRange: [0, s.scores.length],
    hLine: { y: s.teacherSize, label: `h_T = ${s.teacherSize}` },
  });
  if (run.done) drawPruned(run);
  else drawNetwork(q('.network'), s.weights);
}

/** The slider's student: the first N1 - n nodes of the removal order gone, its test MSE read off the rank curve. */
function drawPruned(run: Run): void {
  const done = run.done;
  if (!done) return;
  const slider = run.panel.querySelector('.slider') as HTMLInputElement;
  const kept = Number(slider.value);
  const point = done.curve.find((p) => p.kept === kept)!;
  const removed = new Set(done.removalOrder.slice(0, done.scores.length - kept));
  drawNetwork(run.panel.querySelector('.network') as SVGSVGElement, done.weights, removed);
  (run.panel.querySelector('output') as HTMLOutputElement).textContent =
    `${kept} nodes: test MSE ${point.testMse.toPrecision(3)} (ΔMSE ${point.deltaMse.toPrecision(2)})`;
  const h = done.teacherSize;
  // Removing a switched-off node changes the error by exactly 0, which a log axis cannot show: drawn at the floor.
  const floor = DELTA_FLOOR;
  lineChart(
    run.panel.querySelector('.curve') as SVGSVGElement,
    [
      {
        name: 'ΔMSE',
        color: COLORS[run.variant],
        points: done.curve.map((p) => [p.kept - h, Math.max(p.deltaMse, floor)]),
      },
    ],
    {
      xLabel: 'n − h_T',
      yLabel: 'ΔMSE',
      logY: true,
      vLine: { x: 0, label: 'n = h_T' },
      mark: [kept - h, Math.max(point.deltaMse, floor)],
    },
  );
  run.panel.dataset.prunedTestMse = point.testMse.toPrecision(4);
}

startButton.addEventListener('click', start);
document.getElementById('reset')!.addEventListener('click', stop);
pauseButton.addEventListener('click', () => {
  paused = !paused;
  runs.forEach((r) => r.worker.postMessage({ type: paused ? 'pause' : 'resume' }));
  setStatus(paused ? 'paused' : 'training');
});

try {
  settings = parseSettings(location.search);
  fillForm(settings);
  setStatus('idle');
  if (settings.autostart) start();
} catch (e) {
  fillForm(parseSettings(''));
  showError(e instanceof Error ? e.message : String(e));
  setStatus('error');
}
