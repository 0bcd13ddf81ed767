import type { CliIo } from './io.js';

/** What `aims harvest` shows while it works. */
export interface Progress {
  /** Harvesting the `index`th (from 0) of `total` instances. */
  start(index: number, label: string): void;
  /** Raw records published by the running harvest (added up). */
  records(count: number): void;
  /** A step after the harvests, e.g. normalising and scoring. */
  phase(text: string): void;
  /** A line of the result; on a terminal it goes above the bar. */
  print(text: string): void;
  end(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const WIDTH = 20;

/**
 * On a terminal, a bar over the instances with the current one, its record count, the time and
 * a spinner, redrawn in place; otherwise plain lines saying what starts (logs and pipes stay readable).
 */
export function createProgress(io: CliIo, total: number): Progress {
  if (!io.isTTY) {
    return {
      start: (index, label) => io.out(`[${index + 1}/${total}] harvesting ${label}...\n`),
      records: () => undefined,
      phase: (text) => io.out(`${text}...\n`),
      print: (text) => io.out(`${text}\n`),
      end: () => undefined,
    };
  }
  let done = 0;
  let label = '';
  let count = 0;
  let frame = 0;
  const began = Date.now();
  const draw = () => {
    const filled = Math.round((done / Math.max(total, 1)) * WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
    const seconds = ((Date.now() - began) / 1000).toFixed(1);
    const spinner = FRAMES[frame++ % FRAMES.length];
    io.out(`\r\x1b[2K${bar} ${done}/${total}  ${label}  ${count} records  ${seconds}s ${spinner}`);
  };
  const timer = setInterval(draw, 100);
  timer.unref();
  return {
    start(index, next) {
      done = index;
      label = next;
      count = 0;
      draw();
    },
    records(n) {
      count += n;
    },
    phase(text) {
      done = total;
      label = text;
      draw();
    },
    print(text) {
      io.out(`\r\x1b[2K${text}\n`);
      draw();
    },
    end() {
      clearInterval(timer);
      io.out('\r\x1b[2K');
    },
  };
}
